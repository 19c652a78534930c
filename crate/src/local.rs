//! Values of the page (wasm32), as std's `thread_local!` keeps them: the
//! crate links no std in its npm build, and the browser build is
//! single-threaded.

use core::cell::OnceCell;

/// One value of the page, made by `init` when first used.
pub(crate) struct PageLocal<T> {
    value: OnceCell<T>,
    init: fn() -> T,
}

// SAFETY: without the `atomics` target feature a wasm32 module runs on one
// thread, so the value is never reached from two.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl<T> Sync for PageLocal<T> {}

impl<T> PageLocal<T> {
    /// A value made by `init` when first used.
    pub(crate) const fn new(init: fn() -> T) -> Self {
        PageLocal {
            value: OnceCell::new(),
            init,
        }
    }

    /// Runs `f` on the value, made first if this is its first use.
    pub(crate) fn with<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
        f(self.value.get_or_init(self.init))
    }
}

/// `thread_local!`'s syntax over [`PageLocal`]: statics of the page.
macro_rules! page_local {
    () => {};
    ($(#[$attr:meta])* $vis:vis static $name:ident: $t:ty = const { $init:expr }; $($rest:tt)*) => {
        $(#[$attr])* $vis static $name: $crate::local::PageLocal<$t> =
            $crate::local::PageLocal::new(|| $init);
        $crate::local::page_local!($($rest)*);
    };
    ($(#[$attr:meta])* $vis:vis static $name:ident: $t:ty = $init:expr; $($rest:tt)*) => {
        $(#[$attr])* $vis static $name: $crate::local::PageLocal<$t> =
            $crate::local::PageLocal::new(|| $init);
        $crate::local::page_local!($($rest)*);
    };
}
pub(crate) use page_local;
