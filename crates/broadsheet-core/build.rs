//! Sets the `conformance_data` cfg when the conformance data directory exists
//! (`$BROADSHEET_CONFORMANCE_DATA`, or `../shared/data` beside the workspace), so that the
//! tests that read it are reported as *ignored*, never as passed, when it is absent (they
//! carry `#[cfg_attr(not(conformance_data), ignore = "...")]`). Under `CI=true` its absence
//! is a failure: `testing::conformance_data` panics in the test that checks for it. The rule
//! is `crates/broadsheet-core/conformance_cfg.rs`, shared by the crates whose tests need it.

include!("../broadsheet-core/conformance_cfg.rs");
