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

// The trust policy IAM requires of a role for an identity pool: the pool's
// ID in an aud condition (IAM refuses the principal without one), and amr
// authenticated. The pool is created after the roles it maps to, so its ID
// is given lazily.
function poolTrust(pool) {
  return new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
    StringEquals: { 'cognito-identity.amazonaws.com:aud': cdk.Lazy.string({ produce: () => pool.id }) },
    'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
  }, 'sts:AssumeRoleWithWebIdentity');
}

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
  const workspace = {};
  const staff = new iam.Role(stack, 'StaffRole', {
    assumedBy: poolTrust(workspace),
  });
  const admin = new iam.Role(stack, 'AdminRole', {
    roleName: 'workspace-admin',
    path: '/tools/',
    assumedBy: poolTrust(workspace),
  });
  workspace.id = new idp.IdentityPool(stack, 'WorkspaceIdentities', {
    authenticationProviders: { google: { clientId: '123456789012-abc.apps.googleusercontent.com' } },
    roleMappings: [{
      providerUrl: idp.IdentityPoolProviderUrl.GOOGLE,
      rules: [
        { claim: 'email', claimValue: 'admin@example.com', mappedRole: admin },
        { claim: 'hd', claimValue: 'example.com', mappedRole: staff },
      ],
    }],
  }).identityPoolId;
}

// An OIDC provider with Rules on its groups claim, and a SAML provider
// whose assertion names the role (a Token mapping).
{
  const stack = new cdk.Stack(app, 'FederationStack', { env });
  const corp = {};
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
    assumedBy: poolTrust(corp),
  });
  corp.id = new idp.IdentityPool(stack, 'CorpIdentities', {
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
  }).identityPoolId;
}

// Credentials: user pool groups choose the role through a Token mapping,
// Google sign-in a Rules mapping; the roles' trust policies decide whether
// STS hands out credentials, and the user pool's principal tags need
// sts:TagSession.
{
  const stack = new cdk.Stack(app, 'CredentialsStack', { env });
  const users = new cognito.UserPool(stack, 'Staff', { userPoolName: 'staff' });
  const client = users.addClient('App');
  let identityPoolId; // set below: the roles' trust policies name the pool
  const aud = cdk.Lazy.string({ produce: () => identityPoolId });
  const trusted = (amr) => new iam.WebIdentityPrincipal('cognito-identity.amazonaws.com', Object.assign(
    { StringEquals: { 'cognito-identity.amazonaws.com:aud': aud } },
    amr ? { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } } : {}));
  const admin = new iam.Role(stack, 'AdminRole', { roleName: 'admin', assumedBy: trusted(true).withSessionTags() });
  const staff = new iam.Role(stack, 'StaffRole', { roleName: 'staff', assumedBy: trusted(true) });
  const dev = new iam.Role(stack, 'DevRole', { roleName: 'dev', assumedBy: trusted(false).withSessionTags() });
  const contractor = new iam.Role(stack, 'ContractorRole', {
    roleName: 'contractor',
    assumedBy: new iam.WebIdentityPrincipal('cognito-identity.amazonaws.com', {
      StringEquals: { 'cognito-identity.amazonaws.com:aud': 'eu-west-1:00000000-0000-0000-0000-000000000000' },
    }),
  });
  const group = (id, name, precedence, role) => new cognito.CfnUserPoolGroup(stack, id, {
    userPoolId: users.userPoolId, groupName: name, precedence, roleArn: role && role.roleArn,
  });
  const groups = {
    admin: group('AdminGroup', 'admin', 0, admin),
    staff: group('StaffGroup', 'staff', 5, staff),
    dev: group('DevGroup', 'dev', 5, dev),
    readers: group('ReadersGroup', 'readers', 1, undefined),
  };
  const member = (user, g) => new cognito.CfnUserPoolUserToGroupAttachment(stack, user + '-' + g, {
    userPoolId: users.userPoolId, username: user, groupName: groups[g].ref,
  });
  member('alice', 'admin'); member('alice', 'dev');
  member('bob', 'staff'); member('bob', 'dev');
  member('carol', 'readers');
  const pool = new idp.IdentityPool(stack, 'StaffIdentities', {
    identityPoolName: 'staff',
    authenticationProviders: {
      userPools: [new idp.UserPoolAuthenticationProvider({ userPool: users, userPoolClient: client })],
      google: { clientId: '123456789012-abc.apps.googleusercontent.com' },
    },
    roleMappings: [
      { mappingKey: 'staff', providerUrl: idp.IdentityPoolProviderUrl.userPool(users, client), useToken: true, resolveAmbiguousRoles: true },
      { providerUrl: idp.IdentityPoolProviderUrl.GOOGLE, rules: [{ claim: 'hd', claimValue: 'contractor.example', mappedRole: contractor }] },
    ],
  });
  identityPoolId = pool.identityPoolId;
  new cognito.CfnIdentityPoolPrincipalTag(stack, 'StaffTags', {
    identityPoolId: pool.identityPoolId,
    identityProviderName: users.userPoolProviderName,
    principalTags: { dept: 'custom:dept' },
    useDefaults: false,
  });
}

app.synth();
