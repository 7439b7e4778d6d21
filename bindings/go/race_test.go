//go:build race

package routecore

// sync.Pool drops items at random under the race detector: allocation counts mean nothing.
const raceEnabled = true
