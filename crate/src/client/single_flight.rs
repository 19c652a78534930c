//! Single flight: concurrent callers of a token refresh or a credentials
//! chain share one request chain ([`Flight`]), tagged with the session (or
//! Logins) epoch it serves, so a chain started for a session that ended is
//! never handed to the next one.
use crate::prelude::*;

use core::future::Future;
use core::pin::Pin;

use super::flight::Flight;
use super::{CognitoClient, Platform};
use crate::error::CognitoError;
use crate::session::{Credentials, TokenSet};

/// An in-flight request chain, if any, with the epoch it serves.
pub(super) type FlightSlot<T> = Option<(u64, Flight<Result<T, CognitoError>>)>;

/// The in-flight request chains, each tagged with the epoch it serves.
#[derive(Default)]
pub(super) struct Flights {
    pub(super) refresh: FlightSlot<TokenSet>,
    pub(super) user: FlightSlot<Credentials>,
    pub(super) guest: FlightSlot<Credentials>,
}

impl<P: Platform + 'static> CognitoClient<P> {
    /// The chain in `slot` when it serves `epoch`, else a new one from
    /// `make` stored there: concurrent callers share one request chain,
    /// which clears its slot when done (unless a newer chain replaced it).
    pub(super) fn single_flight<T, F>(
        &self,
        slot: fn(&mut Flights) -> &mut FlightSlot<T>,
        epoch: u64,
        make: impl FnOnce(Self) -> F,
    ) -> Flight<Result<T, CognitoError>>
    where
        T: Clone + 'static,
        F: Future<Output = Result<T, CognitoError>> + 'static,
    {
        let mut flights = self.inner.flights.take();
        let flight = match slot(&mut flights) {
            Some((e, flight)) if *e == epoch => flight.clone(),
            _ => {
                let this = self.clone();
                // Boxed: the wrapper below is then one copy per `T`, not
                // one per request chain.
                let work: Pin<Box<dyn Future<Output = Result<T, CognitoError>>>> =
                    Box::pin(make(self.clone()));
                let flight = Flight::new(async move {
                    let result = work.await;
                    this.update_flights(|flights| {
                        let slot = slot(flights);
                        if matches!(slot, Some((e, _)) if *e == epoch) {
                            *slot = None;
                        }
                    });
                    result
                });
                *slot(&mut flights) = Some((epoch, flight.clone()));
                flight
            }
        };
        self.inner.flights.set(flights);
        flight
    }

    /// Changes the in-flight chains (taken out of their cell meanwhile).
    pub(super) fn update_flights(&self, change: impl FnOnce(&mut Flights)) {
        let mut flights = self.inner.flights.take();
        change(&mut flights);
        self.inner.flights.set(flights);
    }
}
