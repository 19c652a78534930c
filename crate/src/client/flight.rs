//! A single-threaded shared future: the client's single-flight request
//! chains (token refresh, credentials), in place of futures-util's `Shared`
//! (which brings `slab` and more wasm than this file).
//!
//! A [`Flight`] and its clones await one piece of work and each gets a clone
//! of its output. Whichever clone is polled drives the work, with a waker
//! that wakes every task that waits on the flight, so a clone dropped before
//! completion does not strand the others: the next one polled takes over.
//! Once the work is done it is dropped, and polling any clone, again or for
//! the first time, returns its output at once.
//!
//! The state is in `Cell`s (taken out and put back, never borrowed), and
//! the waiting tasks' wakers behind a flag that is held only to push or take
//! them (a waker must be `Send + Sync`, and the crate links no `std` in the
//! browser, so no `Mutex`): nothing here can panic.
use crate::prelude::*;

use alloc::rc::Rc;
use alloc::sync::Arc;
use alloc::task::Wake;
use core::cell::Cell;
use core::future::Future;
use core::pin::Pin;
use core::sync::atomic::{AtomicBool, Ordering};
use core::task::{Context, Poll, Waker};

/// A shared handle on one piece of work; clones share its output.
pub(crate) struct Flight<T> {
    state: Rc<State<T>>,
}

struct State<T> {
    stage: Cell<Stage<T>>,
    tasks: Arc<Tasks>,
    /// Wakes `tasks`: what the work is polled with.
    waker: Waker,
}

#[derive(Default)]
enum Stage<T> {
    Running(Pin<Box<dyn Future<Output = T>>>),
    /// The work is being polled (taken out of the cell meanwhile).
    #[default]
    Polling,
    Done(T),
}

/// The wakers of the tasks that wait on a flight, one per task.
#[derive(Default)]
struct Tasks {
    /// Set while `wakers` is in use (spun on: only another thread, never
    /// the browser's one, could find it set).
    busy: AtomicBool,
    wakers: core::cell::UnsafeCell<Vec<Waker>>,
}

// SAFETY: `wakers` is only reached through `Tasks::with`, which holds `busy`.
unsafe impl Sync for Tasks {}

impl Tasks {
    /// Runs `f` on the wakers while no other thread can reach them. `f`
    /// must not wake a task (which may come back to this flight).
    fn with<R>(&self, f: impl FnOnce(&mut Vec<Waker>) -> R) -> R {
        while self
            .busy
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            core::hint::spin_loop();
        }
        // SAFETY: `busy` was false and is now ours until it is cleared below.
        let out = f(unsafe { &mut *self.wakers.get() });
        self.busy.store(false, Ordering::Release);
        out
    }

    fn add(&self, waker: &Waker) {
        self.with(|wakers| {
            if !wakers.iter().any(|w| w.will_wake(waker)) {
                wakers.push(waker.clone());
            }
        });
    }
}

impl Wake for Tasks {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        // Taken out first: the flag is not held while a task is woken.
        let wakers = self.with(core::mem::take);
        for waker in wakers {
            waker.wake();
        }
    }
}

impl<T> Flight<T> {
    /// A flight for `work`, which runs when a clone is first polled.
    pub(crate) fn new(work: impl Future<Output = T> + 'static) -> Self {
        let tasks = Arc::new(Tasks::default());
        Flight {
            state: Rc::new(State {
                stage: Cell::new(Stage::Running(Box::pin(work))),
                waker: Waker::from(Arc::clone(&tasks)),
                tasks,
            }),
        }
    }
}

impl<T> Clone for Flight<T> {
    fn clone(&self) -> Self {
        Flight {
            state: Rc::clone(&self.state),
        }
    }
}

impl<T: Clone> Future for Flight<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let state = &*self.state;
        match state.stage.take() {
            Stage::Done(output) => {
                let ready = output.clone();
                state.stage.set(Stage::Done(output));
                Poll::Ready(ready)
            }
            // Polled from inside its own work: woken when the work is.
            Stage::Polling => {
                state.tasks.add(cx.waker());
                Poll::Pending
            }
            Stage::Running(mut work) => {
                // Before the poll, so that a wake-up during it is not lost.
                state.tasks.add(cx.waker());
                match work.as_mut().poll(&mut Context::from_waker(&state.waker)) {
                    Poll::Ready(output) => {
                        state.stage.set(Stage::Done(output.clone()));
                        drop(work);
                        state.waker.wake_by_ref();
                        Poll::Ready(output)
                    }
                    Poll::Pending => {
                        state.stage.set(Stage::Running(work));
                        Poll::Pending
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::sync::atomic::AtomicUsize;

    /// A task's waker that counts its wake-ups.
    #[derive(Default)]
    struct Counter(AtomicUsize);

    impl Wake for Counter {
        fn wake(self: Arc<Self>) {
            self.wake_by_ref();
        }
        fn wake_by_ref(self: &Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    struct Task {
        counter: Arc<Counter>,
        waker: Waker,
    }

    impl Task {
        fn new() -> Self {
            let counter = Arc::new(Counter::default());
            let waker = Waker::from(Arc::clone(&counter));
            Task { counter, waker }
        }
        fn poll<F: Future + Unpin>(&self, future: &mut F) -> Poll<F::Output> {
            Pin::new(future).poll(&mut Context::from_waker(&self.waker))
        }
        fn wakes(&self) -> usize {
            self.counter.0.load(Ordering::SeqCst)
        }
    }

    /// Work that is pending until `gate` is opened, and counts its polls.
    struct Gate {
        open: Rc<Cell<bool>>,
        polls: Rc<Cell<usize>>,
        waker: Rc<Cell<Option<Waker>>>,
    }

    impl Gate {
        #[allow(clippy::type_complexity)]
        fn new() -> (
            Self,
            Rc<Cell<bool>>,
            Rc<Cell<usize>>,
            Rc<Cell<Option<Waker>>>,
        ) {
            let gate = Gate {
                open: Rc::default(),
                polls: Rc::default(),
                waker: Rc::default(),
            };
            let (open, polls, waker) = (
                Rc::clone(&gate.open),
                Rc::clone(&gate.polls),
                Rc::clone(&gate.waker),
            );
            (gate, open, polls, waker)
        }
    }

    impl Future for Gate {
        type Output = Result<String, String>;
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            self.polls.set(self.polls.get() + 1);
            if self.open.get() {
                Poll::Ready(Ok("done".to_owned()))
            } else {
                self.waker.set(Some(cx.waker().clone()));
                Poll::Pending
            }
        }
    }

    fn wake(waker: &Rc<Cell<Option<Waker>>>) {
        if let Some(w) = waker.take() {
            w.wake();
        }
    }

    #[test]
    fn every_waiter_gets_the_output_whatever_the_poll_order() {
        let (gate, open, polls, work_waker) = Gate::new();
        let a = Flight::new(gate);
        let (mut b, mut c) = (a.clone(), a.clone());
        let mut a = a;
        let (ta, tb, tc) = (Task::new(), Task::new(), Task::new());
        assert!(tc.poll(&mut c).is_pending());
        assert!(ta.poll(&mut a).is_pending());
        assert!(tb.poll(&mut b).is_pending());
        assert_eq!(polls.get(), 3);
        open.set(true);
        wake(&work_waker);
        // One wake-up for each waiting task.
        assert_eq!((ta.wakes(), tb.wakes(), tc.wakes()), (1, 1, 1));
        assert_eq!(tb.poll(&mut b), Poll::Ready(Ok("done".to_owned())));
        assert_eq!(tc.poll(&mut c), Poll::Ready(Ok("done".to_owned())));
        assert_eq!(ta.poll(&mut a), Poll::Ready(Ok("done".to_owned())));
        // The work ran to completion once.
        assert_eq!(polls.get(), 4);
    }

    #[test]
    fn the_one_that_completes_the_work_wakes_the_others() {
        let (gate, open, _, _) = Gate::new();
        let mut a = Flight::new(gate);
        let mut b = a.clone();
        let (ta, tb) = (Task::new(), Task::new());
        assert!(ta.poll(&mut a).is_pending());
        assert!(tb.poll(&mut b).is_pending());
        open.set(true);
        // Polled without a wake-up (as a spurious poll would be).
        assert_eq!(tb.poll(&mut b), Poll::Ready(Ok("done".to_owned())));
        assert_eq!(ta.wakes(), 1);
        assert_eq!(ta.poll(&mut a), Poll::Ready(Ok("done".to_owned())));
    }

    #[test]
    fn a_failure_reaches_every_waiter() {
        let mut a = Flight::new(async { Err::<u8, _>("boom".to_owned()) });
        let mut b = a.clone();
        let t = Task::new();
        assert_eq!(t.poll(&mut b), Poll::Ready(Err("boom".to_owned())));
        assert_eq!(t.poll(&mut a), Poll::Ready(Err("boom".to_owned())));
    }

    #[test]
    fn a_waiter_dropped_before_completion_does_not_strand_the_others() {
        let (gate, open, _, work_waker) = Gate::new();
        let mut a = Flight::new(gate);
        let mut b = a.clone();
        let (ta, tb) = (Task::new(), Task::new());
        assert!(tb.poll(&mut b).is_pending());
        // `a` polls last: the work holds the flight's waker, not a's.
        assert!(ta.poll(&mut a).is_pending());
        drop(a);
        open.set(true);
        wake(&work_waker);
        assert_eq!(tb.wakes(), 1);
        assert_eq!(tb.poll(&mut b), Poll::Ready(Ok("done".to_owned())));
    }

    #[test]
    fn every_waiter_dropped_then_a_new_clone_finishes_the_work() {
        let (gate, open, polls, _) = Gate::new();
        let a = Flight::new(gate);
        let mut kept = a.clone();
        let mut a = a;
        let t = Task::new();
        assert!(t.poll(&mut a).is_pending());
        drop(a);
        open.set(true);
        assert_eq!(t.poll(&mut kept), Poll::Ready(Ok("done".to_owned())));
        assert_eq!(polls.get(), 2);
    }

    #[test]
    fn completion_before_anyone_polls() {
        let (gate, open, polls, _) = Gate::new();
        open.set(true);
        let mut a = Flight::new(gate);
        let mut b = a.clone();
        let t = Task::new();
        assert_eq!(t.poll(&mut b), Poll::Ready(Ok("done".to_owned())));
        assert_eq!(t.poll(&mut a), Poll::Ready(Ok("done".to_owned())));
        // A clone made after completion.
        assert_eq!(t.poll(&mut a.clone()), Poll::Ready(Ok("done".to_owned())));
        assert_eq!(polls.get(), 1);
    }

    #[test]
    fn polling_again_after_completion_returns_the_output_again() {
        let (gate, open, polls, _) = Gate::new();
        let mut a = Flight::new(gate);
        let t = Task::new();
        assert!(t.poll(&mut a).is_pending());
        open.set(true);
        for _ in 0..3 {
            assert_eq!(t.poll(&mut a), Poll::Ready(Ok("done".to_owned())));
        }
        assert_eq!(polls.get(), 2);
    }

    #[test]
    fn one_task_polling_many_times_is_registered_once() {
        let (gate, open, _, work_waker) = Gate::new();
        let mut a = Flight::new(gate);
        let mut b = a.clone();
        let t = Task::new();
        for _ in 0..5 {
            assert!(t.poll(&mut a).is_pending());
            assert!(t.poll(&mut b).is_pending());
        }
        open.set(true);
        wake(&work_waker);
        assert_eq!(t.wakes(), 1);
    }

    #[test]
    fn a_flight_polled_from_its_own_work_waits() {
        let slot: Rc<Cell<Option<Flight<u8>>>> = Rc::default();
        let inner = Rc::clone(&slot);
        let mut a = Flight::new(core::future::poll_fn(move |cx| {
            let Some(mut me) = inner.take() else {
                return Poll::Ready(7);
            };
            let poll = Pin::new(&mut me).poll(cx);
            assert!(poll.is_pending());
            Poll::Ready(8)
        }));
        slot.set(Some(a.clone()));
        let t = Task::new();
        assert_eq!(t.poll(&mut a), Poll::Ready(8));
    }
}
