//! The guest walk-through example runs as a test: each step asserts its outcome.

#[path = "../examples/guest_walkthrough.rs"]
mod walkthrough;

#[test]
fn the_guest_walk_through_completes() {
    walkthrough::main().unwrap();
}
