{{/* Chart name. */}}
{{- define "converge-portal.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name, truncated to the 63 characters Kubernetes names allow. */}}
{{- define "converge-portal.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "converge-portal.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "converge-portal.labels" -}}
helm.sh/chart: {{ include "converge-portal.chart" . }}
{{ include "converge-portal.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "converge-portal.selectorLabels" -}}
app.kubernetes.io/name: {{ include "converge-portal.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "converge-portal.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "converge-portal.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The namespaces of the configured teams: where the portal may act. */}}
{{- define "converge-portal.teamNamespaces" -}}
{{- range .Values.portal.teams }}
{{ default .name .namespace }}
{{- end }}
{{- end }}
