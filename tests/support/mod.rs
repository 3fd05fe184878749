//! Helpers shared by integration tests: `mod support;` in a test file brings them in.
//! Each test binary uses only part of them, hence `dead_code` is allowed here.
#![allow(dead_code)]

pub mod documents;
pub mod server;
