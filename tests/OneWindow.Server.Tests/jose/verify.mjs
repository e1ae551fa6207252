// Verifies a compact JWS against a JWKS with the `jose` library, independently of OneWindow's own code.
// Usage: node verify.mjs <token-file> <jwks-file>   → prints the protected header and payload as JSON.
import { readFileSync } from 'node:fs';
import { compactVerify, createLocalJWKSet } from 'jose';

const token = readFileSync(process.argv[2], 'utf8').trim();
const jwks = JSON.parse(readFileSync(process.argv[3], 'utf8'));
try {
  const { payload, protectedHeader } = await compactVerify(token, createLocalJWKSet(jwks), { algorithms: ['EdDSA', 'Ed25519'] });
  console.log(JSON.stringify({ verified: true, header: protectedHeader, payload: JSON.parse(new TextDecoder().decode(payload)) }));
} catch (error) {
  console.log(JSON.stringify({ verified: false, error: String(error.code ?? error.message) }));
  process.exitCode = 1;
}
