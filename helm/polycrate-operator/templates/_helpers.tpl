{{- define "polycrate-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "polycrate-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "polycrate-operator.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "polycrate-operator.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "polycrate-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "polycrate-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "polycrate-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "polycrate-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: polycrate
{{- end }}

{{- define "polycrate-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "polycrate-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "polycrate-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The rules of the operator's (Cluster)Role: exactly the verbs it uses. */}}
{{- define "polycrate-operator.rules" -}}
- apiGroups: [polycrate.io]
  resources: [workspaces, workflowruns]
  verbs: [get, list, watch]
- apiGroups: [polycrate.io]
  resources: [workflowruns]
  # delete: finished runs beyond their workspace's spec.runHistory
  verbs: [delete]
- apiGroups: [polycrate.io]
  resources: [workspaces/status, workflowruns/status]
  verbs: [get, update, patch]
- apiGroups: [batch]
  resources: [jobs]
  verbs: [get, list, watch, create, delete]
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list, watch, create]
- apiGroups: [""]
  # each run's artifacts volume (spec.artifacts on its Workspace), deleted with the run by the garbage collector
  resources: [persistentvolumeclaims]
  verbs: [get, list, watch, create]
- apiGroups: [""]
  resources: [secrets]
  # get only (no list, no watch): the one Secret a Workspace's spec.events.webhook.secretRef names, read when a
  # webhook document is sent
  verbs: [get]
- apiGroups: [""]
  resources: [events]
  # list, watch: the Job controller's FailedCreate events (an informer of them) say why a step's pod cannot be created
  verbs: [create, patch, list, watch]
{{- end }}
