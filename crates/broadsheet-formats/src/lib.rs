//! Broadsheet's formats: reading and writing sites.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
