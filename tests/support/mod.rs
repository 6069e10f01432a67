//! Support code shared by the end-to-end tests: the workspace's binaries, the
//! CLI contract's error object, an office served in-process, its registry,
//! lunches sold into a kiosk's ledger, and a network proxy that injects
//! faults.

#![allow(dead_code)] // each test file uses its own part of the support

pub mod bins;
pub mod cli;
pub mod fault_proxy;
pub mod lunches;
pub mod office;
pub mod office_registry;
