{{/*
Chart name, truncated to the 63 characters Kubernetes names allow.
*/}}
{{- define "weir.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name. Uses the release name alone when it already contains the chart name.
*/}}
{{- define "weir.fullname" -}}
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

{{/*
Chart name and version for the helm.sh/chart label.
*/}}
{{- define "weir.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "weir.labels" -}}
helm.sh/chart: {{ include "weir.chart" . }}
{{ include "weir.selectorLabels" . }}
app.kubernetes.io/version: {{ (.Values.image.tag | default .Chart.AppVersion) | toString | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels (must not change between upgrades).
*/}}
{{- define "weir.selectorLabels" -}}
app.kubernetes.io/name: {{ include "weir.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Service account name.
*/}}
{{- define "weir.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "weir.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Container image reference.
*/}}
{{- define "weir.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion | toString) }}
{{- end }}

{{/*
Resource names.
*/}}
{{- define "weir.configMapName" -}}
{{- printf "%s-config" (include "weir.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "weir.alertRulesConfigMapName" -}}
{{- printf "%s-alert-rules" (include "weir.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "weir.secretName" -}}
{{- include "weir.fullname" . }}
{{- end }}

{{- define "weir.pvcName" -}}
{{- if .Values.persistence.existingClaim }}
{{- .Values.persistence.existingClaim }}
{{- else }}
{{- printf "%s-data" (include "weir.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/*
Key/value pairs of the chart's Secret (environment variable name -> value), as YAML.
Empty when there is nothing secret to store; the Secret is then not rendered.
*/}}
{{- define "weir.secretEnv" -}}
{{- $env := dict }}
{{- range $name, $value := .Values.extraSecretEnv }}
{{- $_ := set $env $name (toString $value) }}
{{- end }}
{{- if and .Values.admin.password (not .Values.admin.existingSecret) }}
{{- $_ := set $env "WEIR_ADMIN_PASSWORD" (toString .Values.admin.password) }}
{{- end }}
{{- if and .Values.database.password (not .Values.database.existingSecret) }}
{{- $_ := set $env "QUARKUS_DATASOURCE_PASSWORD" (toString .Values.database.password) }}
{{- end }}
{{- if $env }}
{{- toYaml $env }}
{{- end }}
{{- end }}

{{/*
Checks values that would otherwise produce a broken release.
*/}}
{{- define "weir.validate" -}}
{{- if not (has .Values.database.kind (list "h2" "postgresql")) }}
{{- fail (printf "database.kind must be h2 or postgresql, got %q" (toString .Values.database.kind)) }}
{{- end }}
{{- if and (eq .Values.database.kind "postgresql") (not .Values.database.url) }}
{{- fail "database.url is required when database.kind is postgresql (e.g. jdbc:postgresql://postgres:5432/weir)" }}
{{- end }}
{{- if gt (int .Values.replicaCount) 1 }}
{{- fail "replicaCount must be 0 or 1: Weir's data directory (H2 database, built-in broker) has a single writer" }}
{{- end }}
{{- end }}
