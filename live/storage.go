package live

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Buckets of a node's store: the node's own keys, and the runtime's.
var (
	bucketData = []byte("data")
	bucketMeta = []byte("meta")
	keyInc     = []byte("incarnation")
)

// lockTimeout is how long opening a store waits for another node that
// holds its lock to let go.
const lockTimeout = 100 * time.Millisecond

// StoreFile is the name of a node's store in its data directory.
const StoreFile = "storage.db"

// boltStorage is a node's sim.Storage on disk, in a bbolt file: every Put
// and Delete is a transaction of its own, committed and fsynced before it
// returns, so what a node saved before it replied is there after a crash.
//
// sim.Storage has no errors, so a failed write (a full or broken disk) is
// reported to the event loop, which stops the node with that error: a node
// must not go on as if the write had happened.
type boltStorage struct {
	db   *bolt.DB
	fail func(error)
}

// openStorage opens (or creates) the store in dir.
func openStorage(dir string) (*bolt.DB, error) {
	db, err := bolt.Open(filepath.Join(dir, StoreFile), 0o600, &bolt.Options{Timeout: lockTimeout})
	if err != nil {
		return nil, fmt.Errorf("live: open storage in %s: %w", dir, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketData, bucketMeta} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("live: open storage in %s: %w", dir, err)
	}
	return db, nil
}

// nextIncarnation adds one to the incarnation number kept in db and
// returns it: 1 on a new data directory.
func nextIncarnation(db *bolt.DB) (uint64, error) {
	var inc uint64
	err := db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta)
		if v := b.Get(keyInc); len(v) == 8 {
			inc = binary.BigEndian.Uint64(v)
		}
		inc++
		return b.Put(keyInc, binary.BigEndian.AppendUint64(nil, inc))
	})
	if err != nil {
		return 0, fmt.Errorf("live: incarnation: %w", err)
	}
	return inc, nil
}

func (s *boltStorage) Get(key string) (value []byte, ok bool) {
	err := s.db.View(func(tx *bolt.Tx) error {
		// A cursor, not Get: it tells an empty value from a missing key.
		k, v := tx.Bucket(bucketData).Cursor().Seek([]byte(key))
		if k != nil && string(k) == key {
			value, ok = append([]byte{}, v...), true
		}
		return nil
	})
	if err != nil {
		s.fail(fmt.Errorf("live: storage Get %q: %w", key, err))
	}
	return value, ok
}

func (s *boltStorage) Put(key string, value []byte) {
	if value == nil {
		value = []byte{} // bbolt stores an empty value, never nil
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketData).Put([]byte(key), value)
	})
	if err != nil {
		s.fail(fmt.Errorf("live: storage Put %q: %w", key, err))
	}
}

func (s *boltStorage) Delete(key string) {
	err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketData).Delete([]byte(key))
	})
	if err != nil {
		s.fail(fmt.Errorf("live: storage Delete %q: %w", key, err))
	}
}

func (s *boltStorage) Keys(prefix string) []string {
	var keys []string
	p := []byte(prefix)
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketData).Cursor()
		for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
			keys = append(keys, string(k))
		}
		return nil
	})
	if err != nil {
		s.fail(fmt.Errorf("live: storage Keys %q: %w", prefix, err))
	}
	return keys
}
