//! Containing a panic to the one post that caused it.
//!
//! A Markdown or TOML parser can have bugs (both have had panics). A panic while rendering or
//! parsing one post must not take down the reader, and must not print a backtrace over the
//! screen or restore the terminal mid-session. [`contained`] runs a closure, turns a panic into
//! an error message, and tells the panic hooks (see [`install_quiet_hook`]) to stay silent.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static CONTAINING: Cell<u32> = const { Cell::new(0) };
}

/// Whether the current thread is inside [`contained`]; panic hooks check it to stay silent.
#[must_use]
pub fn is_containing() -> bool {
    CONTAINING.with(|depth| depth.get() > 0)
}

/// Runs `f`, returning its result, or the panic's message if it panicked.
///
/// # Errors
/// The panic message when `f` panicked.
pub fn contained<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_quiet_hook();
    CONTAINING.with(|depth| depth.set(depth.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CONTAINING.with(|depth| depth.set(depth.get() - 1));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned())
    })
}

/// Installs (once) a panic hook that prints nothing for contained panics and defers to the
/// previous hook otherwise.
pub fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !is_containing() {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_and_the_flag_is_cleared() {
        let result: Result<(), String> = contained(|| panic!("parser bug"));
        assert_eq!(result, Err("parser bug".to_owned()));
        assert!(!is_containing());
        assert_eq!(contained(|| 7), Ok(7));
    }
}
