/**
 * Drift detectors (HDDM, ADWIN, DDM, Page-Hinkley) on a model's stream of prequential errors, the policies that
 * answer a detected drift ({@link io.erstream.drift.DriftResponse}). Pure Java; a detector's
 * state is part of its model's snapshot, so a restored detector continues exactly.
 */
package io.erstream.drift;
