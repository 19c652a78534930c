//! Big-integer arithmetic behind one small interface, for SRP.
