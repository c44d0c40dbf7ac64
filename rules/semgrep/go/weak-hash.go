package hashtest

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"fmt"
	"io"

	"golang.org/x/crypto/bcrypt"
)

type User struct{ Password string }

func store(password string) string {
	// ruleid: go-weak-password-hash
	return fmt.Sprintf("%x", md5.Sum([]byte(password)))
}

func storeSalted(salt string, u User) [32]byte {
	// ruleid: go-weak-password-hash
	return sha256.Sum256([]byte(salt + u.Password))
}

func storeWriter(newPassword string) []byte {
	h := sha1.New()
	// ruleid: go-weak-password-hash
	io.WriteString(h, newPassword)
	return h.Sum(nil)
}

func bcryptHash(password string) ([]byte, error) {
	// ok: go-weak-password-hash
	return bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
}

func digest(body []byte) [32]byte {
	// ok: go-weak-password-hash
	return sha256.Sum256(body)
}

func passwordLength(password string) int {
	// ok: go-weak-password-hash
	return len(password)
}

func SignRequest(body []byte) string {
	// ruleid: go-weak-hash
	return fmt.Sprintf("%x", md5.Sum(body))
}

func VerifyChecksum(r io.Reader, want string) bool {
	// ruleid: go-weak-hash
	h := sha1.New()
	io.Copy(h, r)
	return fmt.Sprintf("%x", h.Sum(nil)) == want
}

func (t *Tokens) tokenDigest(token string) [20]byte {
	// ruleid: go-weak-hash
	return sha1.Sum([]byte(token))
}

type Tokens struct{}

func ETag(body []byte) string {
	// ok: go-weak-hash
	return fmt.Sprintf("%x", md5.Sum(body))
}

func cacheKey(url string) string {
	// ok: go-weak-hash
	return fmt.Sprintf("%x", sha1.Sum([]byte(url)))
}

func SignWebhook(key, body []byte) []byte {
	// ok: go-weak-hash
	mac := hmac.New(sha1.New, key)
	mac.Write(body)
	return mac.Sum(nil)
}

func SignSHA256(body []byte) [32]byte {
	// ok: go-weak-hash
	return sha256.Sum256(body)
}
