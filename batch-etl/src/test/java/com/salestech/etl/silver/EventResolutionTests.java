package com.salestech.etl.silver;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.model.SaleEvent;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventResolutionTests {

  private static final UUID E1 = UUID.fromString("00000000-0000-4000-8000-000000000001");
  private static final UUID E2 = UUID.fromString("00000000-0000-4000-8000-000000000002");

  private static SaleEvent sale(UUID id, long saleId, int quantity) {
    return new SaleEvent(
        id, saleId, 1, 1, 1, Instant.parse("2026-11-01T00:00:00Z"), quantity, false, null);
  }

  private static void add(EventResolution r, int object, long line, SaleEvent e, long micros) {
    r.add(object, line, e, micros, EventLine.fingerprint(e));
  }

  @Test
  void copiesOfAnEventCollapseToTheOneReceivedFirstWhateverObjectItIsIn() {
    // given: the later object holds the copy received first
    EventResolution r = new EventResolution();
    int first = r.startObject();
    add(r, first, 1, sale(E1, 7, 1), 200);
    r.endObject(first);
    int second = r.startObject();
    add(r, second, 1, sale(E1, 7, 1), 100);
    r.endObject(second);

    // when
    r.resolve();

    // then
    assertThat(r.cursor(first).verdict(1)).isEqualTo(EventResolution.DUPLICATE);
    assertThat(r.cursor(second).verdict(1)).isEqualTo(EventResolution.WIN);
  }

  @Test
  void aCopyWithOtherContentIsAConflictAndTheFirstStands() {
    // given
    EventResolution r = new EventResolution();
    int o = r.startObject();
    add(r, o, 1, sale(E1, 7, 1), 100);
    add(r, o, 2, sale(E1, 7, 2), 100);
    r.endObject(o);

    // when
    r.resolve();

    // then: same receivedAt, so the line number decides which copy came first
    EventResolution.Cursor c = r.cursor(o);
    assertThat(c.verdict(1)).isEqualTo(EventResolution.WIN);
    assertThat(c.verdict(2)).isEqualTo(EventResolution.CONFLICT);
  }

  @Test
  void ofTwoEventsForOneSaleTheOneReceivedLastWinsAndARedeliveredCopyDoesNotMoveIt() {
    // given: E1 at 100, E2 at 200, then E1 again (its copy received first still counts)
    EventResolution r = new EventResolution();
    int o = r.startObject();
    add(r, o, 1, sale(E1, 7, 1), 100);
    add(r, o, 2, sale(E2, 7, 3), 200);
    add(r, o, 4, sale(E1, 7, 1), 300);
    r.endObject(o);

    // when
    r.resolve();

    // then
    EventResolution.Cursor c = r.cursor(o);
    assertThat(c.verdict(1)).isEqualTo(EventResolution.LOST);
    assertThat(c.verdict(2)).isEqualTo(EventResolution.WIN);
    assertThat(c.verdict(3)).isZero();
    assertThat(c.verdict(4)).isEqualTo(EventResolution.DUPLICATE);
    assertThat(r.winners().contains(7)).isTrue();
    assertThat(r.winners().size()).isEqualTo(1);
  }

  @Test
  void aRefusedObjectLeavesNoLinesBehind() {
    // given
    EventResolution r = new EventResolution();
    int broken = r.startObject();
    add(r, broken, 1, sale(E1, 7, 1), 100);
    r.dropObject(broken);
    int good = r.startObject();
    add(r, good, 1, sale(E2, 8, 1), 50);
    r.endObject(good);

    // when
    r.resolve();

    // then
    assertThat(r.lines()).isEqualTo(1);
    assertThat(r.winners().contains(7)).isFalse();
    assertThat(r.cursor(good).verdict(1)).isEqualTo(EventResolution.WIN);
  }
}
