package com.salestech.model.csv;

/** Input that cannot be read as the CSV dialect at all (a broken header, say). */
public class CsvFormatException extends RuntimeException {

  public CsvFormatException(String message) {
    super(message);
  }
}
