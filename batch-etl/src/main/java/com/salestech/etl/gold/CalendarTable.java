package com.salestech.etl.gold;

import com.salestech.lake.parquet.LakeParquetWriter;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.calendar.BrazilianCalendar;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.Optional;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The rows of {@code calendario}: a day from the first sale of {@code wide_vendas} to a year after
 * the last ({@link #AHEAD} days), so that models forecasting the coming year and notebooks joining
 * on it find its holidays. Holidays and Black Friday come from {@link BrazilianCalendar}, the one
 * calendar the sample generator's demand and the models also use. A few thousand rows, written
 * whole every run.
 */
final class CalendarTable {

  /** Days past the last sale: a year, whether or not it is a leap year. */
  static final int AHEAD = 366;

  private CalendarTable() {}

  /** Rows the table has for sales from {@code firstDay} to {@code lastDay}, epoch days. */
  static long rows(int firstDay, int lastDay) {
    return (long) lastDay - firstDay + 1 + AHEAD;
  }

  /**
   * Writes the days from {@code firstDay} to {@code lastDay + AHEAD} and closes the writer (drops
   * its file on failure); none when there is no sale ({@link Dimensions#NO_DATE}).
   */
  static void write(LakeParquetWriter<GenericRecord> writer, int firstDay, int lastDay) {
    try {
      if (firstDay != Dimensions.NO_DATE) {
        GenericData.Record row = new GenericData.Record(GoldTable.CALENDARIO.schema());
        for (long day = firstDay; day <= (long) lastDay + AHEAD; day++) {
          fill(LocalDate.ofEpochDay(day), row);
          writer.write(row);
        }
      }
      writer.close();
    } catch (RuntimeException e) {
      writer.abort();
      throw e;
    }
  }

  static void fill(LocalDate day, GenericData.Record row) {
    Optional<String> holiday = BrazilianCalendar.holiday(day);
    row.put("dia", (int) day.toEpochDay());
    row.put("dia_semana", day.getDayOfWeek().getValue());
    row.put("semana_iso", day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    row.put("ano_iso", day.get(IsoFields.WEEK_BASED_YEAR));
    row.put("mes", GoldCalendar.monthName(day.getYear() * 12 + day.getMonthValue() - 1));
    row.put("ano", day.getYear());
    row.put("feriado_nacional", holiday.isPresent());
    row.put("nome_feriado", holiday.orElse(null));
    row.put("black_friday", BrazilianCalendar.isBlackFriday(day));
  }
}
