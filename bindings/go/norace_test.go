//go:build !race

package routecore

const raceEnabled = false
