//! claimtrack: track what public figures and outlets claim over time.

pub mod annotation;
pub mod check;
pub mod corpus;
pub mod date;
pub mod diagnostics;
pub mod git;
pub mod load;
pub mod model;
pub mod problem;
pub mod proposition;
pub mod reconcile;
pub mod report;
pub mod speakers;
pub mod text;
pub mod yaml;
