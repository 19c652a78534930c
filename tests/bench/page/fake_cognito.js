// A stand-in for Cognito's InitiateAuth and RespondToAuthChallenge inside the
// page, so that the npm package's own signIn() (its SRP math in slices on the
// main thread) can be timed without the local stack's Python competing for
// the two cores: requests to FAKE_ENDPOINT never leave the page.
//
// InitiateAuth answers after `delayMs` (a network round trip; the library
// computes the next attempt's A meanwhile) with a PASSWORD_VERIFIER
// challenge; RespondToAuthChallenge answers NotAuthorizedException at once
// (the claim is not checked: only when it was sent matters). `times` holds,
// for the last sign-in, when the challenge's body was read and when the
// claim's request started: the claim's critical path as the page sees it.

export const FAKE_ENDPOINT = "https://cognito-idp.bench.invalid";

export const times = { challengeRead: null, claimSent: null };
let challenge = null;
let delayMs = 40;

/** The challenge parameters the next InitiateAuth answers with, and its delay. */
export function setChallenge(c, delay = 40) {
  challenge = {
    ChallengeName: "PASSWORD_VERIFIER",
    ChallengeParameters: {
      SALT: c.salt, SECRET_BLOCK: c.secretBlock, SRP_B: c.srpB,
      USERNAME: c.userIdForSrp, USER_ID_FOR_SRP: c.userIdForSrp,
    },
  };
  delayMs = delay;
}

const json = (status, body) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/x-amz-json-1.1" } });

const pageFetch = window.fetch.bind(window);
window.fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  if (!url.startsWith(FAKE_ENDPOINT)) return pageFetch(input, init);
  const target = new Headers(init?.headers).get("x-amz-target") ?? "";
  if (target.endsWith(".InitiateAuth")) {
    times.challengeRead = times.claimSent = null;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const response = json(200, challenge);
    // The library reads the body with arrayBuffer() (crate/js/host.js).
    const read = response.arrayBuffer.bind(response);
    response.arrayBuffer = async () => {
      const body = await read();
      times.challengeRead = performance.now();
      return body;
    };
    return response;
  }
  if (target.endsWith(".RespondToAuthChallenge")) {
    times.claimSent = performance.now();
    return json(400, { __type: "NotAuthorizedException", message: "Incorrect username or password." });
  }
  return json(400, { __type: "InvalidParameterException", message: `not in the fake: ${target}` });
};
