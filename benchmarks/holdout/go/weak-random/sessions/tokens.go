package sessions

import (
	crand "crypto/rand"
	"encoding/hex"
	"math/rand"
	"time"
)

const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// NewSessionID names a login session.
func NewSessionID() string {
	b := make([]byte, 32)
	for i := range b {
		// ruleid: weak-random
		b[i] = letters[rand.Intn(len(letters))]
	}
	return string(b)
}

// NewResetToken is mailed to the user to reset a password.
func NewResetToken() (string, error) {
	b := make([]byte, 16)
	// ruleid: weak-random
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// NewCSRFToken is embedded in forms.
func NewCSRFToken() (string, error) {
	b := make([]byte, 32)
	// ok: weak-random
	if _, err := crand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// Backoff spreads retries of the outbound calls.
func Backoff(attempt int) time.Duration {
	base := time.Duration(1<<attempt) * 100 * time.Millisecond
	// ok: weak-random
	return base + time.Duration(rand.Int63n(int64(base)))
}

// OTP is the one-time code sent by SMS.
func OTP() int {
	// ruleid: weak-random
	return 100000 + rand.Intn(900000)
}

// SampleForAudit picks which requests the audit log keeps in full.
func SampleForAudit() bool {
	// ok: weak-random
	return rand.Float64() < 0.01
}
