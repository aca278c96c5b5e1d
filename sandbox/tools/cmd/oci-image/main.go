// Command oci-image builds a container image from directories, without a
// container engine or a registry, and writes it as an image archive (the
// `docker save` layout) that `ctr images import` loads into containerd.
//
//	oci-image -tag localhost/polycrate-sandbox/step:1 -out step.tar \
//	    -layer rootfs/ -layer app/:/deployments \
//	    -entrypoint '["/bin/sh"]' -env PATH=/usr/bin:/bin -user 185 -label a=b
//
// Each -layer SRC[:DEST] is one layer holding the tree under SRC at DEST
// (default /), with its owners, modes, symlinks and hard links. Timestamps are
// fixed at the epoch, so the same files always give the same image digest.
package main

import (
	"archive/tar"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	var layers, envs, labels, excludes list
	tag := flag.String("tag", "", "image reference, e.g. localhost/polycrate-sandbox/step:1")
	out := flag.String("out", "", "archive to write")
	entrypoint := flag.String("entrypoint", "", "entrypoint as a JSON array")
	cmd := flag.String("cmd", "", "command as a JSON array")
	user := flag.String("user", "", "user (uid[:gid]) the image runs as")
	workdir := flag.String("workdir", "", "working directory")
	flag.Var(&layers, "layer", "SRC[:DEST]: a layer holding the tree under directory SRC at DEST (repeatable)")
	flag.Var(&envs, "env", "KEY=VALUE environment variable (repeatable)")
	flag.Var(&labels, "label", "KEY=VALUE label (repeatable)")
	flag.Var(&excludes, "exclude", "a path, relative to a layer's SRC, to leave out (repeatable)")
	flag.Parse()
	if *tag == "" || *out == "" || len(layers) == 0 {
		fmt.Fprintln(os.Stderr, "oci-image: -tag, -out and at least one -layer are required")
		flag.Usage()
		os.Exit(2)
	}
	ref, err := name.NewTag(*tag)
	if err != nil {
		log.Fatalf("oci-image: -tag %q: %v", *tag, err)
	}

	img := empty.Image
	tmp, err := os.MkdirTemp(filepath.Dir(*out), ".oci-image-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	for i, spec := range layers {
		src, dest, _ := strings.Cut(spec, ":")
		if dest == "" {
			dest = "/"
		}
		tarPath := filepath.Join(tmp, fmt.Sprintf("layer-%d.tar", i))
		if err := writeLayerTar(src, dest, tarPath, excludes); err != nil {
			log.Fatalf("oci-image: layer %s: %v", spec, err)
		}
		layer, err := tarball.LayerFromFile(tarPath)
		if err != nil {
			log.Fatalf("oci-image: layer %s: %v", spec, err)
		}
		if img, err = mutate.AppendLayers(img, layer); err != nil {
			log.Fatal(err)
		}
	}

	cf, err := img.ConfigFile()
	if err != nil {
		log.Fatal(err)
	}
	cf = cf.DeepCopy()
	cf.OS = "linux"
	cf.Architecture = runtime.GOARCH
	cf.Created = v1.Time{Time: time.Unix(0, 0).UTC()}
	cf.Config.Env = envs
	cf.Config.User = *user
	cf.Config.WorkingDir = *workdir
	if cf.Config.Entrypoint, err = jsonArray("-entrypoint", *entrypoint); err != nil {
		log.Fatal(err)
	}
	if cf.Config.Cmd, err = jsonArray("-cmd", *cmd); err != nil {
		log.Fatal(err)
	}
	if len(labels) > 0 {
		cf.Config.Labels = map[string]string{}
		for _, l := range labels {
			k, v, ok := strings.Cut(l, "=")
			if !ok {
				log.Fatalf("oci-image: -label %q: want KEY=VALUE", l)
			}
			cf.Config.Labels[k] = v
		}
	}
	if img, err = mutate.ConfigFile(img, cf); err != nil {
		log.Fatal(err)
	}
	if err := tarball.WriteToFile(*out+".tmp", ref, img); err != nil {
		log.Fatalf("oci-image: write %s: %v", *out, err)
	}
	if err := os.Rename(*out+".tmp", *out); err != nil {
		log.Fatal(err)
	}
	digest, _ := img.Digest()
	fmt.Printf("%s %s\n", ref.Name(), digest)
}

func jsonArray(flagName, value string) ([]string, error) {
	if value == "" {
		return nil, nil
	}
	var arr []string
	if err := json.Unmarshal([]byte(value), &arr); err != nil {
		return nil, fmt.Errorf("oci-image: %s %q: want a JSON array of strings: %v", flagName, value, err)
	}
	return arr, nil
}

// writeLayerTar writes the tree under src as a tar whose paths start at dest.
func writeLayerTar(src, dest, tarPath string, excludes []string) error {
	f, err := os.Create(tarPath)
	if err != nil {
		return err
	}
	defer f.Close()
	tw := tar.NewWriter(f)
	epoch := time.Unix(0, 0)
	prefix := strings.Trim(path.Clean(dest), "/")
	// the parents of dest, so that the layer unpacks on an empty image
	if prefix != "" {
		parts := strings.Split(prefix, "/")
		for i := 1; i < len(parts); i++ {
			if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: strings.Join(parts[:i], "/") + "/",
				Mode: 0o755, ModTime: epoch, Format: tar.FormatPAX}); err != nil {
				return err
			}
		}
	}
	type inode struct{ dev, ino uint64 }
	seen := map[inode]string{}
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		for _, x := range excludes {
			if filepath.ToSlash(rel) == strings.Trim(x, "/") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
		}
		name := path.Join(prefix, filepath.ToSlash(rel))
		if name == "." || name == "" {
			return nil // the image's root itself
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Mode()&fs.ModeSocket != 0 {
			return nil
		}
		link := ""
		if info.Mode()&fs.ModeSymlink != 0 {
			if link, err = os.Readlink(p); err != nil {
				return err
			}
		}
		hdr, err := tar.FileInfoHeader(info, link)
		if err != nil {
			return err
		}
		hdr.Name = name
		if info.IsDir() {
			hdr.Name += "/"
		}
		hdr.Uname, hdr.Gname = "", ""
		hdr.ModTime, hdr.AccessTime, hdr.ChangeTime = epoch, time.Time{}, time.Time{}
		hdr.Format = tar.FormatPAX
		if st, ok := info.Sys().(*syscall.Stat_t); ok && info.Mode().IsRegular() && st.Nlink > 1 {
			key := inode{uint64(st.Dev), st.Ino}
			if first, ok := seen[key]; ok {
				hdr.Typeflag, hdr.Linkname, hdr.Size = tar.TypeLink, first, 0
				return tw.WriteHeader(hdr)
			}
			seen[key] = name
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if info.Mode().IsRegular() {
			in, err := os.Open(p)
			if err != nil {
				return err
			}
			defer in.Close()
			if _, err := io.Copy(tw, in); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return tw.Close()
}
