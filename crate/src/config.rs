//! Client configuration: pool ids, region, endpoints, validation.
