package com.salestech.lake;

import com.salestech.lake.embedded.EmbeddedS3Server;
import com.salestech.lake.parquet.ParquetColumns;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.s3.S3LakeStorage;
import com.salestech.lake.table.GoldSnapshots;
import com.salestech.lake.table.TableVersions;
import com.salestech.model.lake.LakeLayout;
import io.awspring.cloud.autoconfigure.s3.S3AutoConfiguration;
import io.awspring.cloud.autoconfigure.s3.S3ClientCustomizer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** The lake for every service: layout, storage port, table versions, Parquet I/O. */
@AutoConfiguration(after = S3AutoConfiguration.class)
@EnableConfigurationProperties(LakeProperties.class)
public class LakeAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  LakeLayout lakeLayout(LakeProperties properties) {
    return properties.layout();
  }

  @Bean
  @ConditionalOnMissingBean
  LakeStorage lakeStorage(S3Client s3) {
    return new S3LakeStorage(s3);
  }

  @Bean
  @ConditionalOnMissingBean
  TableVersions tableVersions(LakeStorage storage, LakeLayout layout, LakeProperties properties) {
    return new TableVersions(storage, layout, Clock.systemUTC(), properties.retentionGrace());
  }

  @Bean
  @ConditionalOnMissingBean
  GoldSnapshots goldSnapshots(LakeStorage storage, TableVersions versions) {
    return new GoldSnapshots(storage, versions);
  }

  @Bean
  @ConditionalOnMissingBean
  ParquetColumns parquetColumns(LakeStorage storage) {
    return new ParquetColumns(storage);
  }

  @Bean
  @ConditionalOnMissingBean
  ParquetLake parquetLake(LakeStorage storage) {
    return new ParquetLake(storage);
  }

  /** No S3 endpoint configured: serve the lake from a local directory. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(NoS3EndpointConfigured.class)
  static class EmbeddedS3Configuration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3Configuration.class);

    @Bean(destroyMethod = "close")
    EmbeddedS3Server embeddedS3Server(LakeProperties properties, LakeLayout layout) {
      LakeProperties.Embedded embedded = properties.embedded();
      List<String> buckets =
          List.of(layout.bronze().bucket(), layout.silver().bucket(), layout.gold().bucket());
      EmbeddedS3Server server =
          EmbeddedS3Server.start(
              Path.of(embedded.directory()),
              embedded.host(),
              embedded.port(),
              embedded.accessKey(),
              embedded.secretKey(),
              buckets.stream().distinct().toList());
      log.info(
          "Embedded S3 (S3Proxy) serves {} at {}; browse it with: aws s3 ls --endpoint-url {} {}"
              + " (local development key, see README)",
          server.directory().toAbsolutePath().normalize(),
          server.endpoint(),
          server.endpoint(),
          layout.bronze());
      return server;
    }

    @Bean
    S3ClientCustomizer embeddedS3Endpoint(EmbeddedS3Server server, LakeProperties properties) {
      LakeProperties.Embedded embedded = properties.embedded();
      return builder ->
          builder
              .endpointOverride(server.endpoint())
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create(embedded.accessKey(), embedded.secretKey())));
    }
  }

  static class NoS3EndpointConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      Environment env = context.getEnvironment();
      return env.getProperty("salestech.lake.embedded.enabled", Boolean.class, true)
          && !StringUtils.hasText(env.getProperty("spring.cloud.aws.s3.endpoint"))
          && !StringUtils.hasText(env.getProperty("spring.cloud.aws.endpoint"));
    }
  }
}
