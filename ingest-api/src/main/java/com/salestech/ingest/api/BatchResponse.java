package com.salestech.ingest.api;

import java.util.List;

/**
 * The answer to a batch: counts and each event's outcome, in request order.
 *
 * @param accepted events in the queue
 * @param invalid events refused for their content
 * @param unavailable valid events the queue does not have: send them again
 */
public record BatchResponse(int accepted, int invalid, int unavailable, List<EventResult> results) {

  static BatchResponse of(List<EventResult> results) {
    int accepted = 0;
    int invalid = 0;
    int unavailable = 0;
    for (EventResult r : results) {
      switch (r.status()) {
        case ACCEPTED -> accepted++;
        case INVALID -> invalid++;
        case UNAVAILABLE -> unavailable++;
      }
    }
    return new BatchResponse(accepted, invalid, unavailable, results);
  }
}
