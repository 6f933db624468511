package com.salestech.ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Live sales events: the REST intake that puts them on SQS, and the lander that drains SQS into
 * bronze. One jar, three roles: both (the default), API only ({@code
 * salestech.ingest.lander.enabled=false}) or lander only ({@code
 * salestech.ingest.api.enabled=false}).
 */
@SpringBootApplication
public class IngestApiApplication {

  public static void main(String[] args) {
    SpringApplication.run(IngestApiApplication.class, args);
  }
}
