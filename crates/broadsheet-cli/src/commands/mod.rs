//! One module per command.

pub mod cloud;
pub mod convert;
pub mod dates;
pub mod feed;
pub mod query;
pub mod render;
pub mod stats;
pub mod thread;
pub mod validate;
