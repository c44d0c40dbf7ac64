package store

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"

	"golang.org/x/crypto/bcrypt"
)

func HashPassword(password string) string {
	// ruleid: weak-hash
	sum := md5.Sum([]byte(password))
	return hex.EncodeToString(sum[:])
}

func CheckLegacyPassword(salt, password, stored string) bool {
	// ruleid: weak-hash
	sum := sha1.Sum([]byte(salt + password))
	return subtle.ConstantTimeCompare([]byte(hex.EncodeToString(sum[:])), []byte(stored)) == 1
}

func HashPasswordBcrypt(password string) (string, error) {
	// ok: weak-hash
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	return string(h), err
}

// VerifySettlementFile checks a settlement file received from the acquirer against the digest
// the acquirer published, to detect tampering.
func VerifySettlementFile(r io.Reader, published string) (bool, error) {
	// ruleid: weak-hash
	h := md5.New()
	if _, err := io.Copy(h, r); err != nil {
		return false, err
	}
	return hex.EncodeToString(h.Sum(nil)) == published, nil
}

// SignWebhook keeps the partner's HMAC-SHA1 signature scheme.
func SignWebhook(key, payload []byte) string {
	// ok: weak-hash
	mac := hmac.New(sha1.New, key)
	mac.Write(payload)
	return hex.EncodeToString(mac.Sum(nil))
}

// ETag names a cached static asset for browsers.
func ETag(body []byte) string {
	// ok: weak-hash
	return fmt.Sprintf(`"%x"`, md5.Sum(body))
}

func Fingerprint(doc []byte) string {
	// ok: weak-hash
	return fmt.Sprintf("%x", sha256.Sum256(doc))
}
