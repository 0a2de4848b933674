// Package engine runs a selection of graded tests and fills in a report.
//
// Labs run one after the other, and within a lab one top-level test at a
// time, each in its own child process (see testrun), whose seeds run in
// parallel on every core. A lab is built once, then asked how many seeds
// each test runs by default (testrun.List); the engine chooses every seed
// (SeedsFor: 1..K, or derived from the salt) and Fill records what the
// kit reported for them on its results channel. A lab that does not build,
// or whose student package imports what it may not, scores 0 without
// running. The report starts with every selected test pending and is
// filled in as tests end, so that a run that is interrupted still has
// every result it got.
package engine
