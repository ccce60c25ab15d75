package sweep

import (
	"bytes"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	"sigs.k8s.io/yaml"
)

func testJob() JobSpec {
	return JobSpec{Name: "delay-grid", Binary: "/opt/borderflow/bin/borderflow", Image: "registry.example/borderflow:v1",
		SweepFile: "/data/grid/grid.yaml", Out: "/data/grid", Shards: 7, Parallelism: 3, CPUs: 2, Memory: "2Gi", Time: "00:30:00", Claim: "sweeps"}
}

// TestKubernetesJobMatchesSchema decodes the emitted manifest strictly
// into Kubernetes' own batch/v1 Job type (k8s.io/api): every field known,
// every value of its type, and the Indexed Job's settings as asked.
func TestKubernetesJobMatchesSchema(t *testing.T) {
	var b bytes.Buffer
	if err := WriteKubernetes(&b, testJob()); err != nil {
		t.Fatal(err)
	}
	docs := strings.Split(b.String(), "\n---\n")
	if len(docs) != 2 {
		t.Fatalf("%d documents, want the sweep's Job and the merge Job:\n%s", len(docs), b.String())
	}
	var sweepJob, mergeJob batchv1.Job
	for i, job := range []*batchv1.Job{&sweepJob, &mergeJob} {
		if err := yaml.UnmarshalStrict([]byte(docs[i]), job); err != nil {
			t.Fatalf("document %d is not a batch/v1 Job: %v\n%s", i+1, err, docs[i])
		}
		if job.APIVersion != "batch/v1" || job.Kind != "Job" || job.Spec.Template.Spec.RestartPolicy != "Never" {
			t.Errorf("document %d: %s %s, restart policy %q", i+1, job.APIVersion, job.Kind, job.Spec.Template.Spec.RestartPolicy)
		}
		if v := job.Spec.Template.Spec.Volumes; len(v) != 1 || v[0].PersistentVolumeClaim == nil || v[0].PersistentVolumeClaim.ClaimName != "sweeps" {
			t.Errorf("document %d's volumes: %+v", i+1, v)
		}
	}
	s := sweepJob.Spec
	if s.CompletionMode == nil || *s.CompletionMode != batchv1.IndexedCompletion || *s.Completions != 7 || *s.Parallelism != 3 {
		t.Errorf("the sweep's Job: completion mode %v, completions %d, parallelism %d; want Indexed, 7, 3", s.CompletionMode, *s.Completions, *s.Parallelism)
	}
	cmd := strings.Join(s.Template.Spec.Containers[0].Command, " ")
	if want := "borderflow sweep /data/grid/grid.yaml --out /data/grid --shard-count 7 --workers 2"; cmd != want {
		t.Errorf("the sweep's command %q, want %q", cmd, want)
	}
	if got := s.Template.Spec.Containers[0].Resources.Requests.Memory().String(); got != "2Gi" {
		t.Errorf("memory request %s, want 2Gi", got)
	}
	if cmd := strings.Join(mergeJob.Spec.Template.Spec.Containers[0].Command, " "); cmd != "borderflow merge /data/grid" {
		t.Errorf("the merge's command %q", cmd)
	}
}

// TestSlurmScript: the array covers the shards, and every path is quoted
// for the shell.
func TestSlurmScript(t *testing.T) {
	j := testJob()
	j.Out = "/scratch/it's mine"
	var b bytes.Buffer
	if err := WriteSlurm(&b, j); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"#SBATCH --array=0-6%3\n", "#SBATCH --cpus-per-task=2\n", "#SBATCH --mem=2Gi\n", "#SBATCH --time=00:30:00\n",
		`exec '/opt/borderflow/bin/borderflow' sweep '/data/grid/grid.yaml' --out '/scratch/it'\''s mine' --workers 2`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the script lacks %q:\n%s", want, b.String())
		}
	}
	for _, bad := range []JobSpec{{Name: "Bad Name"}, {Name: "ok", Shards: 0}, {Name: "ok", Shards: 2, CPUs: 1, Memory: "2G; rm -rf /"}} {
		if err := WriteSlurm(&b, bad); err == nil {
			t.Errorf("WriteSlurm(%+v) wrote a script", bad)
		}
	}
}
