package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/rand"
	"crypto/rc4"
	"errors"
)

// SealPAN encrypts a card number for storage.
func SealPAN(key, pan []byte) ([]byte, error) {
	// ruleid: weak-crypto
	block, err := des.NewTripleDESCipher(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(pan))
	cipher.NewCBCEncrypter(block, make([]byte, block.BlockSize())).CryptBlocks(out, pan)
	return out, nil
}

func LegacyToken(key, data []byte) ([]byte, error) {
	// ruleid: weak-crypto
	c, err := rc4.NewCipher(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(data))
	c.XORKeyStream(out, data)
	return out, nil
}

func LegacyDES(key, block8 []byte) ([]byte, error) {
	// ruleid: weak-crypto
	b, err := des.NewCipher(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 8)
	b.Encrypt(out, block8)
	return out, nil
}

func Seal(key, plaintext []byte) ([]byte, error) {
	// ok: weak-crypto
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	// ok: weak-crypto
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return gcm.Seal(nonce, nonce, plaintext, nil), nil
}

func SealECB(key, plaintext []byte) ([]byte, error) {
	if len(plaintext)%aes.BlockSize != 0 {
		return nil, errors.New("not padded")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(plaintext))
	for i := 0; i < len(plaintext); i += aes.BlockSize {
		// ruleid: weak-crypto
		block.Encrypt(out[i:i+aes.BlockSize], plaintext[i:i+aes.BlockSize])
	}
	return out, nil
}
