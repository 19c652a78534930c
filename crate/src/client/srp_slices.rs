//! SRP's big-number math in slices: each exponentiation ([`SrpStart`],
//! [`ClaimSteps`]) runs a window at a time until about [`SLICE_MS`] have
//! passed, then the event loop gets a turn ([`Platform::yield_now`]), so
//! that no task of a sign-in holds the page's main thread for long.
//! Progress lives in the state machines, not here: a prepared session under
//! way is kept in the client between slices, and a sign-in dropped (aborted)
//! between slices leaves nothing half done behind but that.
use crate::prelude::*;

use core::future::{self, Future};
use core::pin::pin;

use super::{CognitoClient, Platform};
use crate::crypto::srp::{PasswordClaim, SrpSession, SrpStart, SECRET_BYTES};
use crate::error::CognitoError;

/// Time one slice may take, in milliseconds: a slice stops before its next
/// window would pass this (by the longest window seen so far). Half of 4 ms:
/// WebKit was seen running two slices between two of the page's own
/// `MessageChannel` tasks, and browsers round `performance.now()`
/// (BENCHMARKS.md §8).
const SLICE_MS: f64 = 2.0;

impl<P: Platform + 'static> CognitoClient<P> {
    /// A new SRP session from fresh platform randomness, A still to compute.
    pub(super) fn new_srp_start(&self) -> Result<SrpStart, CognitoError> {
        let mut random = [0u8; SECRET_BYTES];
        self.inner.platform.random_bytes(&mut random)?;
        SrpSession::start(&random)
    }

    /// The SRP session of an attempt: the prepared one (its A finished
    /// here when still under way) or a new one, in slices.
    pub(super) async fn srp_session(&self) -> Result<SrpSession, CognitoError> {
        let mut start = match self.inner.next_srp.take() {
            Some(start) => start,
            None => self.new_srp_start()?,
        };
        self.in_slices(&mut |windows| start.step(windows)).await;
        start.finish()
    }

    /// PASSWORD_CLAIM_SIGNATURE for `input`, its math in slices.
    pub(super) async fn claim_in_slices(
        &self,
        srp: &SrpSession,
        input: &PasswordClaim<'_>,
    ) -> Result<String, CognitoError> {
        let mut steps = srp.claim_steps(input)?;
        // The task that read the challenge (its body, JSON, the claim's
        // set-up) ends here, before the first slice.
        self.inner.platform.yield_now().await;
        self.in_slices(&mut |windows| steps.step(windows)).await;
        steps.signature()
    }

    /// Computes the A of the prepared SRP session (if any) in slices,
    /// keeping it in the client between them; returns when it is done or
    /// another caller has taken it.
    pub(super) async fn advance_prepared_srp(&self) {
        loop {
            let Some(mut start) = self.inner.next_srp.take() else {
                return;
            };
            let done = self.one_slice(&mut |windows| start.step(windows));
            self.inner.next_srp.set(Some(start));
            if done {
                return;
            }
            self.inner.platform.yield_now().await;
        }
    }

    /// Awaits `future` after polling it once (so that it starts), while the
    /// next attempt's SRP session is prepared ([`CognitoClient::prepare_sign_in`]) and its
    /// A computed in slices, from the next task on (the task that started
    /// `future` may have run a slice already), until `future` is ready;
    /// what is left of A stays with the prepared session.
    pub(super) async fn preparing_next_srp<F: Future>(&self, future: F) -> F::Output {
        let mut future = pin!(future);
        let mut prepare = pin!(async {
            // A failure is left for the next attempt to report.
            let _ = self.prepare_sign_in();
            self.inner.platform.yield_now().await;
            self.advance_prepared_srp().await;
        });
        let mut prepared = false;
        future::poll_fn(|cx| {
            let poll = future.as_mut().poll(cx);
            if !prepared {
                prepared = prepare.as_mut().poll(cx).is_ready();
            }
            poll
        })
        .await
    }

    /// Runs `step` (a number of windows in, whether all is done out) to the
    /// end, a slice at a time, with a turn of the event loop between slices.
    async fn in_slices(&self, step: &mut dyn FnMut(u32) -> bool) {
        while !self.one_slice(step) {
            self.inner.platform.yield_now().await;
        }
    }

    /// One slice of `step`, a window at a time; whether all is done.
    fn one_slice(&self, step: &mut dyn FnMut(u32) -> bool) -> bool {
        let clock = || self.inner.platform.monotonic_ms();
        let start = clock();
        let mut before = start;
        let mut longest = 0.0f64;
        loop {
            if step(1) {
                return true;
            }
            let after = clock();
            longest = longest.max(after - before);
            if after - start + longest > SLICE_MS {
                return false;
            }
            before = after;
        }
    }
}
