package com.salestech.query.report;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;

/** A CSV answer, written straight to the response as it is produced (never buffered whole). */
@FunctionalInterface
interface CsvBody {

  void writeTo(OutputStream out) throws IOException;

  /** Writes {@link CsvBody} answers as {@code text/csv}. */
  final class Converter implements HttpMessageConverter<CsvBody> {

    @Override
    public boolean canRead(Class<?> clazz, MediaType mediaType) {
      return false;
    }

    @Override
    public boolean canWrite(Class<?> clazz, MediaType mediaType) {
      return CsvBody.class.isAssignableFrom(clazz)
          && (mediaType == null || mediaType.isCompatibleWith(ReportsController.CSV));
    }

    @Override
    public List<MediaType> getSupportedMediaTypes() {
      return List.of(ReportsController.CSV);
    }

    @Override
    public CsvBody read(Class<? extends CsvBody> clazz, HttpInputMessage inputMessage) {
      throw new UnsupportedOperationException("CSV is only written");
    }

    @Override
    public void write(CsvBody body, MediaType contentType, HttpOutputMessage outputMessage)
        throws IOException {
      outputMessage.getHeaders().setContentType(ReportsController.CSV);
      OutputStream out = outputMessage.getBody();
      body.writeTo(out);
      out.flush();
    }
  }
}
