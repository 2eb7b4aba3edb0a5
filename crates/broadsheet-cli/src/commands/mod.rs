//! One module per command.

pub mod convert;
pub mod stats;
pub mod validate;
