package cryptotest

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/rc4"
)

func tripleDES(key []byte) cipher.Block {
	// ruleid: go-weak-cipher
	b, _ := des.NewTripleDESCipher(key)
	return b
}

func singleDES(key []byte) cipher.Block {
	// ruleid: go-weak-cipher
	b, _ := des.NewCipher(key)
	return b
}

func stream(key, data []byte) {
	// ruleid: go-weak-cipher
	c, _ := rc4.NewCipher(key)
	c.XORKeyStream(data, data)
}

func gcm(key []byte) cipher.AEAD {
	// ok: go-weak-cipher
	b, _ := aes.NewCipher(key)
	// ok: go-weak-cipher
	a, _ := cipher.NewGCM(b)
	return a
}

func describe() string {
	// ok: go-weak-cipher
	return "des.NewCipher is not used here"
}

func ecb(key, src []byte) []byte {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil
	}
	dst := make([]byte, len(src))
	for i := 0; i < len(src); i += aes.BlockSize {
		// ruleid: go-ecb-mode
		block.Encrypt(dst[i:], src[i:])
	}
	return dst
}

func ecbRange(key []byte, blocks [][]byte) {
	// ruleid: go-weak-cipher
	block, err := des.NewCipher(key)
	if err != nil {
		return
	}
	for _, b := range blocks {
		// ruleid: go-ecb-mode
		block.Encrypt(b, b)
	}
}

func ecbDecryptLoop(key []byte, blocks [][16]byte) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return
	}
	for {
		// ruleid: go-ecb-mode
		block.Encrypt(blocks[0][:], blocks[0][:])
		break
	}
}

func oneBlock(key, in []byte) []byte {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil
	}
	out := make([]byte, aes.BlockSize)
	// ok: go-ecb-mode
	block.Encrypt(out, in)
	return out
}

func ctr(key, iv, data []byte) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return
	}
	for i := 0; i < 2; i++ {
		// ok: go-ecb-mode
		cipher.NewCTR(block, iv).XORKeyStream(data, data)
	}
}

func gcmLoop(key []byte, msgs [][]byte) {
	block, _ := aes.NewCipher(key)
	aead, _ := cipher.NewGCM(block)
	for _, m := range msgs {
		// ok: go-ecb-mode
		aead.Seal(nil, make([]byte, 12), m, nil)
	}
}
