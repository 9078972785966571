// SHA-256 through swift-crypto, for comparing project files with the hashes a snapshot recorded.

import Crypto
import EnvlockModel

/// SHA-256 of bytes.
func sha256(_ bytes: [UInt8]) -> EnvlockModel.Digest { EnvlockModel.Digest(bytes: SHA256.hash(data: bytes)) }
