//! The credential scope an AWS host name implies: its region and the
//! service's signing name, which is not always the host's service label
//! (`appsync-api` signs as `appsync`, `iot` as `execute-api`, an S3 access
//! point as `s3`). Only hosts of services known here are told; any other
//! host has no service, and the caller must name it. The npm package's
//! `awsFetch` carries the same table in JavaScript (`crate/js/aws_fetch.js`,
//! tested with these cases in `tests/e2e/aws-fetch-unit.test.mjs`): keep the
//! two in step.
use crate::prelude::*;

use crate::config::is_region;

/// What a host name says about the credential scope.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HostScope {
    /// The region, when the host names one (or is a global endpoint).
    pub region: Option<String>,
    /// The signing name, when the host is a known service's.
    pub service: Option<String>,
}

/// Service labels that sign under another name, as `label=name` words
/// (one string rather than a table of pairs: smaller in the wasm).
const RENAMED: &str = "email=ses queue=sqs appsync-api=appsync appsync-realtime-api=appsync \
    s3-accesspoint=s3 s3-control=s3 s3-accelerate=s3 s3express-control=s3express \
    bedrock-runtime=bedrock";

/// Service labels that are their own signing name, space-separated.
const SAME_NAME: &str = "s3 s3-object-lambda s3-outposts execute-api dynamodb lambda sts sqs \
    sns iam kms ssm secretsmanager kinesis firehose logs monitoring events states cognito-idp \
    cognito-identity ses polly rekognition textract translate comprehend transcribe bedrock \
    sagemaker apigateway cloudformation ec2 ecr";

/// The signing name of a service label, from [`RENAMED`] and [`SAME_NAME`].
fn signing_name(label: &str) -> Option<&'static str> {
    RENAMED
        .split_ascii_whitespace()
        .filter_map(|pair| pair.split_once('='))
        .find(|(from, _)| *from == label)
        .map(|(_, to)| to)
        .or_else(|| SAME_NAME.split_ascii_whitespace().find(|s| *s == label))
}

/// The region and signing name of an AWS host (`dynamodb.eu-west-1.amazonaws.com`,
/// `bucket.s3.eu-west-1.amazonaws.com`, `s3.amazonaws.com`,
/// `abc.appsync-api.us-east-1.amazonaws.com`, …; lower case). Nothing for a
/// host outside `amazonaws.com` / `amazonaws.com.cn`; no service for one
/// whose service is not known here.
pub fn host_scope(host: &str) -> HostScope {
    let Some(rest) = host
        .strip_suffix(".amazonaws.com")
        .or_else(|| host.strip_suffix(".amazonaws.com.cn"))
    else {
        return HostScope::default();
    };
    let labels: Vec<&str> = rest.split('.').filter(|l| *l != "dualstack").collect();
    // The region is the last label; global endpoints (`sts.amazonaws.com`,
    // `bucket.s3.amazonaws.com`) have none and mean us-east-1.
    let (front, region) = match labels.split_last() {
        Some((last, front)) if is_region(last) => (front, Some(*last)),
        Some(_) => (labels.as_slice(), None),
        None => return HostScope::default(),
    };
    let Some((&label, before)) = front.split_last() else {
        return HostScope::default();
    };
    // Legacy dash-style S3 endpoints: `s3-eu-west-1`, `bucket.s3-eu-west-1`.
    if let Some(r) = label.strip_prefix("s3-").filter(|r| is_region(r)) {
        return scope(Some(r), "s3");
    }
    let region = region.or(Some("us-east-1"));
    let label = label.strip_suffix("-fips").unwrap_or(label);
    let previous = before.last().copied();
    let service = match (previous, label) {
        // IoT: the control plane (`iot.region`) signs as execute-api; the
        // data plane (`prefix-ats.iot.region`) as iotdata, jobs as
        // iot-jobs-data; the credentials provider is not SigV4.
        (None, "iot") => Some("execute-api"),
        (Some("jobs"), "iot") => Some("iot-jobs-data"),
        (Some("credentials"), "iot") => None,
        (Some(_), "iot") => Some("iotdata"),
        (Some("runtime"), "sagemaker") => Some("sagemaker"),
        // S3 Express One Zone: `bucket.s3express-usw2-az1.region`.
        (_, l) if l.starts_with("s3express-") && l != "s3express-control" => Some("s3express"),
        (_, l) => signing_name(l),
    };
    match service {
        Some(service) => scope(region, service),
        None => HostScope {
            region: region.map(str::to_owned),
            service: None,
        },
    }
}

fn scope(region: Option<&str>, service: &str) -> HostScope {
    HostScope {
        region: region.map(str::to_owned),
        service: Some(service.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_hosts_map_to_their_signing_names() {
        for (host, region, service) in [
            ("dynamodb.eu-west-1.amazonaws.com", "eu-west-1", "dynamodb"),
            (
                "my-bucket.s3.eu-central-1.amazonaws.com",
                "eu-central-1",
                "s3",
            ),
            ("s3.dualstack.us-west-2.amazonaws.com", "us-west-2", "s3"),
            ("my-bucket.s3.amazonaws.com", "us-east-1", "s3"),
            ("s3.amazonaws.com", "us-east-1", "s3"),
            ("my-bucket.s3-eu-west-1.amazonaws.com", "eu-west-1", "s3"),
            ("b.s3-accelerate.amazonaws.com", "us-east-1", "s3"),
            (
                "abc.execute-api.ap-south-1.amazonaws.com",
                "ap-south-1",
                "execute-api",
            ),
            ("sts.amazonaws.com", "us-east-1", "sts"),
            ("email.us-east-1.amazonaws.com", "us-east-1", "ses"),
            ("sqs.us-east-1.amazonaws.com", "us-east-1", "sqs"),
            ("queue.amazonaws.com", "us-east-1", "sqs"),
            (
                "lambda-fips.us-gov-west-1.amazonaws.com",
                "us-gov-west-1",
                "lambda",
            ),
            ("s3.cn-north-1.amazonaws.com.cn", "cn-north-1", "s3"),
            (
                "xyz.appsync-api.eu-west-2.amazonaws.com",
                "eu-west-2",
                "appsync",
            ),
            (
                "xyz.appsync-realtime-api.eu-west-2.amazonaws.com",
                "eu-west-2",
                "appsync",
            ),
            (
                "ap-123456789012.s3-accesspoint.us-east-1.amazonaws.com",
                "us-east-1",
                "s3",
            ),
            (
                "ap-123456789012.s3-accesspoint.dualstack.us-east-1.amazonaws.com",
                "us-east-1",
                "s3",
            ),
            (
                "123456789012.s3-control.us-west-2.amazonaws.com",
                "us-west-2",
                "s3",
            ),
            (
                "ol-123456789012.s3-object-lambda.us-east-1.amazonaws.com",
                "us-east-1",
                "s3-object-lambda",
            ),
            (
                "ap-1.op-0123.s3-outposts.us-west-2.amazonaws.com",
                "us-west-2",
                "s3-outposts",
            ),
            (
                "b--usw2-az1--x-s3.s3express-usw2-az1.us-west-2.amazonaws.com",
                "us-west-2",
                "s3express",
            ),
            (
                "s3express-control.us-west-2.amazonaws.com",
                "us-west-2",
                "s3express",
            ),
            ("iot.eu-west-1.amazonaws.com", "eu-west-1", "execute-api"),
            (
                "a1b2c3-ats.iot.eu-west-1.amazonaws.com",
                "eu-west-1",
                "iotdata",
            ),
            (
                "data-ats.iot.eu-west-1.amazonaws.com",
                "eu-west-1",
                "iotdata",
            ),
            (
                "a1b2c3.jobs.iot.eu-west-1.amazonaws.com",
                "eu-west-1",
                "iot-jobs-data",
            ),
            (
                "bedrock-runtime.us-east-1.amazonaws.com",
                "us-east-1",
                "bedrock",
            ),
            (
                "runtime.sagemaker.us-east-1.amazonaws.com",
                "us-east-1",
                "sagemaker",
            ),
        ] {
            assert_eq!(host_scope(host), scope(Some(region), service), "{host}");
        }
    }

    #[test]
    fn unknown_hosts_name_no_service() {
        for (host, region) in [
            ("example.com", None),
            ("127.0.0.1", None),
            ("foo.bar.amazonaws.com", Some("us-east-1")),
            ("newservice.eu-west-1.amazonaws.com", Some("eu-west-1")),
            (
                "x.credentials.iot.eu-west-1.amazonaws.com",
                Some("eu-west-1"),
            ),
            ("amazonaws.com", None),
        ] {
            let got = host_scope(host);
            assert_eq!(got.service, None, "{host}");
            assert_eq!(got.region.as_deref(), region, "{host}");
        }
    }
}
