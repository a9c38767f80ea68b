{{/* The chart's name, or nameOverride. */}}
{{- define "quicksilver.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: fullnameOverride, or <release>-<chart> (the release alone when it contains the chart's name). */}}
{{- define "quicksilver.fullname" -}}
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

{{- define "quicksilver.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "quicksilver.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "quicksilver.selectorLabels" -}}
app.kubernetes.io/name: {{ include "quicksilver.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "quicksilver.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "quicksilver.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "quicksilver.secretName" -}}
{{- .Values.existingSecret | default (include "quicksilver.fullname" .) }}
{{- end }}

{{/*
The cluster transport: `transport`, else the reference chart's `transportUrl` unless it names a
bolt:// file (the reference's single-hub store: here the history in the data directory).
*/}}
{{- define "quicksilver.transport" -}}
{{- if .Values.transport }}
{{- .Values.transport }}
{{- else if and .Values.transportUrl (not (hasPrefix "bolt:" .Values.transportUrl)) }}
{{- .Values.transportUrl }}
{{- end }}
{{- end }}

{{/* Refuses value sets that would deploy a hub that cannot work, with a message that says what to change. */}}
{{- define "quicksilver.validate" -}}
{{- $transport := include "quicksilver.transport" . }}
{{- if and (gt (int .Values.replicaCount) 1) (not $transport) }}
{{- fail (printf "replicaCount is %d but no cluster transport is set: each hub would deliver only the updates published to it. Set transport (e.g. redis://redis:6379) or replicaCount: 1." (int .Values.replicaCount)) }}
{{- end }}
{{- if and (gt (int .Values.replicaCount) 1) .Values.persistence.enabled .Values.persistence.existingClaim }}
{{- fail "persistence.existingClaim is one volume, and each hub needs its own: with replicaCount > 1 leave existingClaim empty (each pod gets a claim of its own)." }}
{{- end }}
{{- range $name := list "globalOptions" "caddyExtraConfig" "caddyExtraDirectives" }}
{{- if index $.Values $name }}
{{- fail (printf "%s configures Caddy in the reference chart; this hub is not Caddy. Use extraDirectives for mercure directives and extraEnv for settings (docs/configuration.md)." $name) }}
{{- end }}
{{- end }}
{{- end }}
