import {
  PROTOCOL_VERSION as CURRENT,
  PROTOCOL_HISTORY as CURRENT_HISTORY,
  UNSTATED_VERSION as UNSTATED,
} from "../../protocol/src/version.js";

// protocol/src/version.ts as the next release would have it (see nextProtocol.mjs): every
// export of that file, one version ahead, and the current version no longer spoken.
export const PROTOCOL_HISTORY = [
  ...CURRENT_HISTORY,
  {
    version: CURRENT + 1,
    changes: "(a test's stand-in for the next version)",
    compatibility: `Incompatible: a server of this version refuses clients of version ${CURRENT}.`,
  },
];
export const PROTOCOL_VERSION = CURRENT + 1;
export const OLDEST_SUPPORTED_VERSION = CURRENT + 1;
export const UNSTATED_VERSION = UNSTATED;
