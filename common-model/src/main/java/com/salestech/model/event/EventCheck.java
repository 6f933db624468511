package com.salestech.model.event;

import com.salestech.model.SaleEvent;
import java.util.List;

/** The outcome of checking one event against the contract: the sale, or every rule it breaks. */
public sealed interface EventCheck {

  record Valid(SaleEvent event) implements EventCheck {}

  /**
   * @param errors every broken rule, in the contract's field order; never empty
   */
  record Invalid(List<FieldError> errors) implements EventCheck {

    public Invalid {
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("an invalid event names at least one error");
      }
      errors = List.copyOf(errors);
    }

    /** The error that gives the quarantine reason: the first failing field. */
    public FieldError first() {
      return errors.get(0);
    }
  }
}
