//! The HTTP API test suite: one binary that starts the real server on a free port per
//! test and talks to it as a client would.

mod budgets;
mod errors;
mod everypolitician;
mod facts;
mod federation;
mod helpers;
mod hostile;
mod http;
mod identity;
mod lifecycle;
mod memory;
mod offices;
mod paging;
mod persisted;
mod popolo;
mod reload;
mod semantics;
