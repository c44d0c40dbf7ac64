package randtest

import (
	crand "crypto/rand"
	"math/rand"
	"time"
)

const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

func NewSessionToken() string {
	b := make([]byte, 24)
	for i := range b {
		// ruleid: go-weak-random
		b[i] = alphabet[rand.Intn(len(alphabet))]
	}
	return string(b)
}

type Issuer struct{ rng *rand.Rand }

func (s *Issuer) ResetCode() int {
	// ruleid: go-weak-random
	return rand.Intn(1000000)
}

func issue() map[string]int64 {
	// ruleid: go-weak-random
	apiKey := rand.Int63()
	return map[string]int64{"key": apiKey}
}

type Account struct {
	Name string
	Salt uint64
}

func newAccount(name string) Account {
	// ruleid: go-weak-random
	return Account{Name: name, Salt: rand.Uint64()}
}

func NewNonce() []byte {
	b := make([]byte, 12)
	// ok: go-weak-random
	crand.Read(b)
	return b
}

func jitter(base time.Duration) time.Duration {
	// ok: go-weak-random
	return base + time.Duration(rand.Int63n(int64(base)))
}

func pickServer(servers []string) string {
	// ok: go-weak-random
	return servers[rand.Intn(len(servers))]
}

func sample() bool {
	// ok: go-weak-random
	delay := rand.Float64()
	return delay < 0.1
}
