handbookSearchLoaded("terms/co",{"com":[8,1],"compare":[25,10],"compared":[25,4,7,1]});
