// The CDK app whose `cdk synth` output is in this folder. To regenerate the
// templates (outside the module; the packages are not the module's):
//
//   mkdir /tmp/cdkapp && cd /tmp/cdkapp && npm init -y
//   npm install aws-cdk-lib@2.276.0 constructs@10
//   cp $REPO/rolemap/iac/testdata/cdk/app.js . && node app.js $REPO/rolemap/iac/testdata/cdk
//
// `node app.js` runs the same synthesis as `cdk synth` (App.synth), writing
// one NAME.template.json per stack into the folder given.
const cdk = require('aws-cdk-lib');
const cognito = require('aws-cdk-lib/aws-cognito');
const idp = require('aws-cdk-lib/aws-cognito-identitypool');
const iam = require('aws-cdk-lib/aws-iam');

const outdir = process.argv[2] || 'cdk.out';
const app = new cdk.App({ outdir });
const env = { account: '111122223333', region: 'eu-west-1' };

// A user pool whose groups choose the role: a Token mapping.
{
  const stack = new cdk.Stack(app, 'UserPoolTokenStack', { env });
  const pool = new cognito.UserPool(stack, 'Users', { userPoolName: 'field-app-users' });
  const client = pool.addClient('WebClient');
  new idp.IdentityPool(stack, 'FieldAppIdentities', {
    identityPoolName: 'field_app',
    allowUnauthenticatedIdentities: true,
    authenticationProviders: {
      userPools: [new idp.UserPoolAuthenticationProvider({ userPool: pool, userPoolClient: client })],
    },
    roleMappings: [{
      mappingKey: 'users',
      providerUrl: idp.IdentityPoolProviderUrl.userPool(pool, client),
      useToken: true,
    }],
  });
}

// Google sign-in with Rules mappings onto roles defined in the stack.
{
  const stack = new cdk.Stack(app, 'GoogleRulesStack', { env });
  const staff = new iam.Role(stack, 'StaffRole', {
    assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {}, 'sts:AssumeRoleWithWebIdentity'),
  });
  const admin = new iam.Role(stack, 'AdminRole', {
    roleName: 'workspace-admin',
    path: '/tools/',
    assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {}, 'sts:AssumeRoleWithWebIdentity'),
  });
  new idp.IdentityPool(stack, 'WorkspaceIdentities', {
    authenticationProviders: { google: { clientId: '123456789012-abc.apps.googleusercontent.com' } },
    roleMappings: [{
      providerUrl: idp.IdentityPoolProviderUrl.GOOGLE,
      rules: [
        { claim: 'email', claimValue: 'admin@example.com', mappedRole: admin },
        { claim: 'hd', claimValue: 'example.com', mappedRole: staff },
      ],
    }],
  });
}

// An OIDC provider with Rules on its groups claim, and a SAML provider
// whose assertion names the role (a Token mapping).
{
  const stack = new cdk.Stack(app, 'FederationStack', { env });
  const oidc = new iam.OpenIdConnectProvider(stack, 'CorpSSO', {
    url: 'https://sso.example.com',
    clientIds: ['field-app'],
  });
  const saml = new iam.SamlProvider(stack, 'CorpSAML', {
    name: 'corp-adfs',
    metadataDocument: iam.SamlMetadataDocument.fromXml(
      '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://adfs.example.com/adfs/services/trust">' +
      '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>'),
  });
  const ops = new iam.Role(stack, 'OpsRole', {
    assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {}, 'sts:AssumeRoleWithWebIdentity'),
  });
  new idp.IdentityPool(stack, 'CorpIdentities', {
    authenticationProviders: { openIdConnectProviders: [oidc], samlProviders: [saml] },
    roleMappings: [
      {
        mappingKey: 'sso',
        providerUrl: idp.IdentityPoolProviderUrl.openId(oidc.openIdConnectProviderIssuer),
        rules: [{ claim: 'groups', claimValue: 'ops', mappedRole: ops, matchType: idp.RoleMappingMatchType.EQUALS }],
        resolveAmbiguousRoles: true,
      },
      {
        mappingKey: 'adfs',
        providerUrl: idp.IdentityPoolProviderUrl.saml(saml.samlProviderArn),
        useToken: true,
      },
    ],
  });
}

app.synth();
