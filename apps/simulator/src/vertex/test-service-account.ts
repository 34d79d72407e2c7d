/**
 * The simulator's test service account: a throwaway RSA key pair made for these tests, never a
 * Google key. A gateway under test stores `testServiceAccountKey(tokenUri)` as its Vertex
 * secret; the simulator's token endpoint verifies assertions against the public key.
 */
export const TEST_SERVICE_ACCOUNT_EMAIL = 'switchboard-sim@switchboard-sim.iam.gserviceaccount.com';
export const TEST_SERVICE_ACCOUNT_PROJECT = 'switchboard-sim';
export const TEST_SERVICE_ACCOUNT_KEY_ID = '5f0c7e3a9b1d2c4e6f8a0b2c4d6e8f0a1b3c5d7e';

export const TEST_SERVICE_ACCOUNT_PUBLIC_KEY =
  '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA4zId9QOdKnejlVdNsimm\nTfKZ6N5mTLIBrWOA1faNS/PEkJE7aDfJRWneGcyihJGOLa+jymseTmJOZCd551h/\nhqx4C66Spons1mASZEm5+vBGaNosWSzXyNbyyHGenpkwKaB+rQf6QwUUv5E5F/5v\nSagaXYbeXh/sf64POT3wvg5+c33oTzSeA0xddYj9iT2Law2yrW86uQzM+8S/R4LT\nrfqhkU6Ab/iOULNMeN550yGciq36BwaICf9D8WGL2wWhyHvinYxfvA6H7sP3R/WG\nKBWaxpENLkhHvJiZDkoymL3ZqN8aeFjh1NOD8uKgq3ZuyN2wHGhGsJMBYR01P8Ob\nBQIDAQAB\n-----END PUBLIC KEY-----\n';

const TEST_SERVICE_ACCOUNT_PRIVATE_KEY =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDjMh31A50qd6OV\nV02yKaZN8pno3mZMsgGtY4DV9o1L88SQkTtoN8lFad4ZzKKEkY4tr6PKax5OYk5k\nJ3nnWH+GrHgLrpKmiezWYBJkSbn68EZo2ixZLNfI1vLIcZ6emTApoH6tB/pDBRS/\nkTkX/m9JqBpdht5eH+x/rg85PfC+Dn5zfehPNJ4DTF11iP2JPYtrDbKtbzq5DMz7\nxL9HgtOt+qGRToBv+I5Qs0x43nnTIZyKrfoHBogJ/0PxYYvbBaHIe+KdjF+8Dofu\nw/dH9YYoFZrGkQ0uSEe8mJkOSjKYvdmo3xp4WOHU04Py4qCrdm7I3bAcaEawkwFh\nHTU/w5sFAgMBAAECggEABt8klTbA9/oN+/db0nBJQM3kpjlyNXTXPiWAGqvOLEAf\nb6vxp9fmge+PMY9euJnA1Ie3Pk9552I4mSjkgM3Mom5W/ZHcvgxcs6mZazUbp4f0\ngtL04m5lYtEb6/O1Zq1r2oAQAZXEyQAlvef1Jreh9nb1WfzS5Vy1bEsy1+CUU0gF\nJYtvH4oUkmKvydChoVOy4ivUhHqssRt1ass4IKZ9R61V+UsvBQWdWrkIfaHgzIHt\nlmkmYfR9+ezpsf7/MtRi19Kqg9P4yn6A/4EGusn99ms8/W22vlRIaY5RHlW/woWO\nYv66CoUaF7iekpntrWRdYBjFDlcFntOVZCtT6wP8JQKBgQD6BPkkyxN4beBmTbAd\nNaKFtDxE0dj0yfDnG1+k5LADk5/2xorzmRsc11KCkHS5wn4Zx+9IVlmgHW3itHMZ\nVszGeckuDnik9CoXUFPCQ4DQ5zRLaSMsm422xwM+NBJDCR0OnXHQEIp1h82iBtuq\nIO3KSSDjLJ82ivA5JD4Hji+QZwKBgQDooWFQ/WZ8Vnd9LH53QYin6rIWBaOa6qwx\nhocuzviVzylMtz3xf2aNJWGCm+IWcSYK8Zu/Q1qLFtcDuEHaTCxYelYjluRuwUSD\n4xCvD8eM+7UjyAQHrI4leeSrOnOxoz5rP3WhCGyGsi8lhCBX+1PTHS2Anvq9M3RP\n2cx+AY9lswKBgHYbSVKPOChox1uskWiLALZmmR3tf67Lgqi57qmnelqGL0fVLKi8\nh+lM8mZJNUrXTNiC8U9bs0UHAfTZR5INxfhwaY//OBC8YvHWeWrIlp6YycRh60LU\nTNKuGqMU2Begw4A28h/W4IF64LIMyVIJ8irf9tA6MRAD/E0SCNdq3J87AoGBAKgl\n9hy/fTPEoEv3PFZhJTESoLTwUIiqtdp6ff4klmRawGR2UyzbRLojWe85U9ua37+r\nUkOWoLzGvpYuulLbGna9vsOszuMLicW2/Bk906ShUBZT/i252WlXSSVHc9bjwzts\nPE8wsplN9Gwuq95MiROhFIHS6DSYG6uYJ4qxAACnAoGAYAI84DBsAahHf/u1YUEO\nz7FrQ3ZS39+I4VMfe0X97Giu9gt/pu6p8tEvYI4+jYltxOAWx3Ixplj1dxoVXIdV\nJgVXAxhGPb5kB7fS+ikQpoRcrLWtIdh79EfiKLySJa+i+UFI1GojEKsmuTNr+Fh2\nKWp1IdXGRkIs6DyWfG0nW/8=\n-----END PRIVATE KEY-----\n';

/** The service account's JSON key file, as Google Cloud would download it, naming `tokenUri`. */
export function testServiceAccountKey(tokenUri: string): string {
  return JSON.stringify({
    type: 'service_account',
    project_id: TEST_SERVICE_ACCOUNT_PROJECT,
    private_key_id: TEST_SERVICE_ACCOUNT_KEY_ID,
    private_key: TEST_SERVICE_ACCOUNT_PRIVATE_KEY,
    client_email: TEST_SERVICE_ACCOUNT_EMAIL,
    client_id: '100000000000000000042',
    token_uri: tokenUri,
  });
}
