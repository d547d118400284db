handbookSearchLoaded("terms/co",{"com":[8,1],"compared":[7,1]});
