// Command host-volumes is the sandbox's dynamic volume provisioner: for each
// PersistentVolumeClaim of its StorageClass it makes a directory under -dir on
// this machine and a hostPath PersistentVolume for it, bound to the node the
// claim's first pod was scheduled to (the StorageClass binds
// WaitForFirstConsumer); a released volume's directory is removed. The real
// node's kubelet runs on this machine, so its pods see the directories; on
// kwok's fake node nothing mounts them. Built on
// sigs.k8s.io/sig-storage-lib-external-provisioner, like its hostPath example,
// but with no helper pods, so that a claim is bound in a moment.
//
//	host-volumes -kubeconfig admin.kubeconfig -dir /var/.../volumes -provisioner sandbox.polycrate.io/host-path
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"
	"sigs.k8s.io/sig-storage-lib-external-provisioner/v11/controller"
)

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the API server")
	dir := flag.String("dir", "", "directory under which each volume gets a directory of its own")
	name := flag.String("provisioner", "sandbox.polycrate.io/host-path", "the provisioner name StorageClasses give")
	klog.InitFlags(nil)
	flag.Parse()
	if *kubeconfig == "" || *dir == "" {
		flag.Usage()
		os.Exit(2)
	}
	root, err := filepath.Abs(*dir)
	if err == nil {
		err = os.MkdirAll(root, 0o755)
	}
	if err != nil {
		klog.Fatalf("volume directory %s: %v", *dir, err)
	}
	config, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		klog.Fatalf("kubeconfig %s: %v", *kubeconfig, err)
	}
	client := kubernetes.NewForConfigOrDie(config)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	klog.Infof("provisioning %s volumes under %s", *name, root)
	controller.NewProvisionController(ctx, client, *name, &hostPath{root: root},
		controller.LeaderElection(false)).Run(ctx)
}

// hostPath provisions directories under root.
type hostPath struct {
	root string
}

func (h *hostPath) Provision(_ context.Context, options controller.ProvisionOptions) (*v1.PersistentVolume, controller.ProvisioningState, error) {
	path := filepath.Join(h.root, options.PVName)
	if err := os.MkdirAll(path, 0o777); err != nil {
		return nil, controller.ProvisioningFinished, err
	}
	// any user of the step's image may write to it (the umask took some bits)
	if err := os.Chmod(path, 0o777); err != nil {
		return nil, controller.ProvisioningFinished, err
	}
	reclaim := v1.PersistentVolumeReclaimDelete
	if options.StorageClass.ReclaimPolicy != nil {
		reclaim = *options.StorageClass.ReclaimPolicy
	}
	directory := v1.HostPathDirectory
	pv := &v1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{Name: options.PVName},
		Spec: v1.PersistentVolumeSpec{
			PersistentVolumeReclaimPolicy: reclaim,
			AccessModes:                   options.PVC.Spec.AccessModes,
			VolumeMode:                    options.PVC.Spec.VolumeMode,
			Capacity:                      v1.ResourceList{v1.ResourceStorage: options.PVC.Spec.Resources.Requests[v1.ResourceStorage]},
			PersistentVolumeSource: v1.PersistentVolumeSource{
				HostPath: &v1.HostPathVolumeSource{Path: path, Type: &directory},
			},
		},
	}
	if options.SelectedNode != nil {
		// the directory is on this machine: the volume goes with the node the claim's pod was scheduled to
		hostname := options.SelectedNode.Labels[v1.LabelHostname]
		if hostname == "" {
			hostname = options.SelectedNode.Name
		}
		pv.Spec.NodeAffinity = &v1.VolumeNodeAffinity{Required: &v1.NodeSelector{
			NodeSelectorTerms: []v1.NodeSelectorTerm{{MatchExpressions: []v1.NodeSelectorRequirement{{
				Key: v1.LabelHostname, Operator: v1.NodeSelectorOpIn, Values: []string{hostname},
			}}}},
		}}
	}
	klog.Infof("provisioned %s for claim %s/%s at %s", options.PVName, options.PVC.Namespace, options.PVC.Name, path)
	return pv, controller.ProvisioningFinished, nil
}

func (h *hostPath) Delete(_ context.Context, volume *v1.PersistentVolume) error {
	if volume.Spec.HostPath == nil {
		return errors.New("not a hostPath volume")
	}
	path := volume.Spec.HostPath.Path
	// only what this provisioner made, never anything else of the machine
	if filepath.Dir(path) != h.root || !strings.HasPrefix(filepath.Base(path), "pvc-") {
		return fmt.Errorf("%s is not a volume directory under %s", path, h.root)
	}
	if err := os.RemoveAll(path); err != nil {
		return err
	}
	klog.Infof("deleted %s (%s)", volume.Name, path)
	return nil
}
