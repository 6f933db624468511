package com.salestech.query.report;

/** A value of a closed list a caller picks by name. */
interface Choice {

  /** The name on the wire. */
  String wire();
}
