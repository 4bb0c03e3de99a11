package trust_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap/trust"
)

func TestReads(t *testing.T) {
	p, err := trust.Parse([]byte(`{"Version": "2012-10-17", "Statement": [
		{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
		 "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
		 "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:1"},
		               "ForAnyValue:StringLikeIfExists": {"aws:RequestTag/Team": ["eng*", "ops"]}}},
		{"Effect": "Deny", "Principal": "*", "Action": "sts:TagSession",
		 "Condition": {"Null": {"aws:TagKeys": "false"}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []trust.Read{
		{Statement: 0, Path: `Statement[0].Condition["ForAnyValue:StringLikeIfExists"]["aws:RequestTag/Team"]`, Operator: "ForAnyValue:StringLikeIfExists",
			Base: "StringLike", Set: "ForAnyValue", IfExists: true, Key: "aws:RequestTag/Team", LowerKey: "aws:requesttag/team", Values: []string{"eng*", "ops"}},
		{Statement: 0, Path: `Statement[0].Condition.StringEquals["cognito-identity.amazonaws.com:aud"]`, Operator: "StringEquals",
			Base: "StringEquals", Key: "cognito-identity.amazonaws.com:aud", LowerKey: "cognito-identity.amazonaws.com:aud", Values: []string{"us-east-1:1"}},
		{Statement: 1, Deny: true, Path: `Statement[1].Condition.Null["aws:TagKeys"]`, Operator: "Null",
			Base: "Null", Key: "aws:TagKeys", LowerKey: "aws:tagkeys", Values: []string{"false"}},
	}
	if diff := cmp.Diff(want, p.Reads()); diff != "" {
		t.Errorf("Reads (-want +got):\n%s", diff)
	}
}
