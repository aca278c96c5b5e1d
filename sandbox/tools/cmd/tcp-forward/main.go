// Command tcp-forward accepts TCP connections on one address and relays each
// to another. The sandbox runs it in the root network namespace, bound only to
// the host side of the real node's veth pair, so that the kubelet and pods in
// the node's network namespace reach the API server, which listens on
// 127.0.0.1 only.
//
//	tcp-forward -listen 10.213.0.1:36443 -to 127.0.0.1:36443
package main

import (
	"errors"
	"flag"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

func main() {
	listen := flag.String("listen", "", "address to accept connections on (host:port)")
	to := flag.String("to", "", "address to relay each connection to (host:port)")
	flag.Parse()
	if *listen == "" || *to == "" {
		flag.Usage()
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatalf("listen on %s: %v", *listen, err)
	}
	log.Printf("forwarding %s -> %s", *listen, *to)
	go func() {
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
		<-stop
		ln.Close()
	}()
	for {
		conn, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			log.Printf("accept: %v", err)
			time.Sleep(100 * time.Millisecond)
			continue
		}
		go relay(conn, *to)
	}
}

func relay(client net.Conn, to string) {
	defer client.Close()
	server, err := net.DialTimeout("tcp", to, 5*time.Second)
	if err != nil {
		log.Printf("dial %s: %v", to, err)
		return
	}
	defer server.Close()
	var wg sync.WaitGroup
	wg.Add(2)
	pipe := func(dst, src net.Conn) {
		defer wg.Done()
		io.Copy(dst, src)
		// half-close, so the other side sees EOF and a streaming request
		// (kubectl exec, logs -f) ends cleanly
		if tcp, ok := dst.(*net.TCPConn); ok {
			tcp.CloseWrite()
		}
	}
	go pipe(server, client)
	go pipe(client, server)
	wg.Wait()
}
