handbookSearchLoaded("terms/ro",{"role":[7,1,9,1,10,1],"roles":[7,50,25,14],"route":[2,3,3,3]});
